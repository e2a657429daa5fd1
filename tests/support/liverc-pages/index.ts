/** @module Realistic LiveRC pages for events with no saved copy (event, entry list, race results) and the paths a LiveRC host serves them at. */
import { eventPageHtml, entryListHtml } from './event-pages.ts';
import type { SynthEvent } from './model.ts';
import { raceResultHtml } from './race-page.ts';

export { syntheticEvent, type EventSpec } from './schedule.ts';
export { completeRealEvent, type CompletedEvent } from './real-event.ts';
export { trackListHtml, eventsListHtml, type TrackRow, type EventRow } from './catalogue-pages.ts';
export { eventPageHtml, entryListHtml } from './event-pages.ts';
export { raceResultHtml } from './race-page.ts';
export { lapCount, registrations, fullName, type SynthEvent, type SynthRace, type SynthDriver, type SynthResult } from './model.ts';

/** Paths below a track host, as `cloud/liverc/urls.ts` builds them. */
export const PATHS = {
  trackList: '/',
  eventList: '/events/',
  event: (id: string) => `/results/?p=view_event&id=${id}`,
  entryList: (id: string) => `/results/?p=view_entry_list&id=${id}`,
  raceResult: (id: string) => `/results/?p=view_race_result&id=${id}`,
};

export interface EventSite {
  event_html: string;
  entry_list_html: string;
  /** Race id → page, newest race first. */
  race_pages: Map<string, string>;
}

export function eventSite(event: SynthEvent): EventSite {
  return {
    event_html: eventPageHtml(event),
    entry_list_html: entryListHtml(event),
    race_pages: new Map(event.races.map((race) => [race.race_id, raceResultHtml(event, race)])),
  };
}

/** Anything that serves a page by logical host and path (the fake LiveRC). */
export interface PageHost {
  page(host: string, path: string, source: string): void;
}

/** Registers an event's pages under its track's host. */
export function serveEvent(server: PageHost, slug: string, eventId: string, site: EventSite): void {
  server.page(slug, PATHS.event(eventId), site.event_html);
  server.page(slug, PATHS.entryList(eventId), site.entry_list_html);
  for (const [raceId, html] of site.race_pages) server.page(slug, PATHS.raceResult(raceId), html);
}
