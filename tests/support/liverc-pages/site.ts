/** @module A made-up LiveRC site on the fake server: a track list, a synthetic track with small events (one multi-day), and the real Canberra event 486677 completed to all 32 races. */
import { existsSync, readFileSync } from 'node:fs';
import { sharedPath } from '../shared-fixtures.ts';
import { eventsListHtml, trackListHtml, type EventRow } from './catalogue-pages.ts';
import { eventSite, PATHS, serveEvent, type EventSite, type PageHost } from './index.ts';
import { registrations, type SynthEvent } from './model.ts';
import { completeRealEvent } from './real-event.ts';
import { syntheticEvent } from './schedule.ts';

export const TEST_TRACK = { slug: 'testtrack', name: 'Test Raceway Off Road Club' };
export const CANBERRA = { slug: 'canberraoffroad', name: 'Canberra Off Road Model Car Club', event_id: '486677', races: 32 };

/** The saved pages the Canberra event needs (describeWithShared lists them). */
export const CANBERRA_FILES = ['fixtures/liverc/events-list-canberraoffroad.html', 'fixtures/liverc/event-486677.html', 'fixtures/liverc/race-result-6304829.html', 'fixtures/liverc/race-result-6304830.html'];

export const TRACKS = [
  { slug: CANBERRA.slug, name: CANBERRA.name, status: 'idle' as const, age: '4 days ago', current_event: 'Cormcc 2025 Rudi Wensing Memorial, Clay Cup' },
  { slug: TEST_TRACK.slug, name: TEST_TRACK.name, status: 'practice' as const, age: '1 minute ago' },
  { slug: 'thunderalley', name: 'Thunder Alley Raceway', status: 'racing' as const, age: '2 minutes ago', current_event: 'Spring Fling' },
  { slug: 'trc', name: 'Thornhill RC Raceway', status: 'idle' as const, age: 'last month' },
  { slug: 'canberra-indoor', name: 'Canberra Indoor RC', status: 'idle' as const, age: 'Yesterday' },
];

/** Small events (few drivers, short heats) so an import is a handful of polite requests. */
export function testTrackEvents(): SynthEvent[] {
  const base = { slug: TEST_TRACK.slug, track_name: TEST_TRACK.name, rounds: 1, heat_length_s: 120 };
  return [
    syntheticEvent({ ...base, event_id: '610001', name: 'Club Day Round 1', date_start: '2025-03-01', classes: [{ class_name: '1/10 2WD Buggy', drivers: 12 }, { class_name: 'Junior', drivers: 5 }] }),
    syntheticEvent({ ...base, event_id: '610002', name: 'Summer Nationals', date_start: '2025-03-14', date_end: '2025-03-16', classes: [{ class_name: '1/8 Nitro Buggy', drivers: 8 }] }),
    syntheticEvent({ ...base, event_id: '610003', name: 'Winter Series Round 4', date_start: '2024-07-07', classes: [{ class_name: 'Stock Truck', drivers: 6 }] }),
  ];
}

export interface TestTrackSite {
  events: SynthEvent[];
  sites: Map<string, EventSite>;
}

export function serveTrackList(server: PageHost): void {
  server.page('live', PATHS.trackList, trackListHtml(TRACKS));
}

/** The test track's events list and every page of its events (the given ones: the usual events, changed by a test). */
export function serveTestTrack(server: PageHost, events: SynthEvent[] = testTrackEvents()): TestTrackSite {
  const rows: EventRow[] = events.map((e) => ({ event_id: e.event_id, name: e.name, date: e.date_start, time: '08:30:00', ...registrations(e) }));
  server.page(TEST_TRACK.slug, PATHS.eventList, eventsListHtml(TEST_TRACK.name, [...rows].sort((a, b) => (a.date < b.date ? 1 : -1))));
  const sites = new Map<string, EventSite>();
  for (const event of events) {
    const site = eventSite(event);
    sites.set(event.event_id, site);
    serveEvent(server, TEST_TRACK.slug, event.event_id, site);
  }
  return { events, sites };
}

export function hasCanberraFiles(): boolean {
  return CANBERRA_FILES.every((f) => existsSync(sharedPath(f)));
}

/** The real events list, event page and two race pages, plus the 30 generated race pages and the entry list. */
export function serveCanberra(server: PageHost): { race_ids: string[]; site: EventSite } {
  const read = (f: string) => readFileSync(sharedPath(`fixtures/liverc/${f}`), 'utf8');
  const real = new Map([
    ['6304829', read('race-result-6304829.html')],
    ['6304830', read('race-result-6304830.html')],
  ]);
  const eventHtml = read('event-486677.html');
  const completed = completeRealEvent({ slug: CANBERRA.slug, event_id: CANBERRA.event_id, event_html: eventHtml, race_html: real });
  const site: EventSite = { event_html: eventHtml, entry_list_html: completed.entry_list_html, race_pages: new Map([...real, ...completed.race_pages]) };
  server.page(CANBERRA.slug, PATHS.eventList, read('events-list-canberraoffroad.html'));
  serveEvent(server, CANBERRA.slug, CANBERRA.event_id, site);
  return { race_ids: [...site.race_pages.keys()], site };
}
