/** @module Links from race control to the box's printable results (`/results/`, docs/race-api.md "Results sheets"): the event's sheet, a finished race's own, and a race meeting's moto sheet for the staging area. */
import type { EventView, RaceView } from '../shared/live-types.ts';

/** The event's sheet, or the list of every event when none is set up yet. */
export const eventResultsHref = (event: EventView | null): string => (event ? `/results/events/${encodeURIComponent(event.event_id)}` : '/results/');

/** The meeting's moto sheet: every race of the running order with lanes, plates and riders. */
export const motoSheetHref = (eventId: string): string => `/results/events/${encodeURIComponent(eventId)}/motos`;

export const raceResultsHref = (race: RaceView): string => `/results/races/${encodeURIComponent(race.race_id)}`;

/** A new tab, so staff keep their place, PIN and half-filled forms here. */
export function ResultsLink({ href, label, title, small = false }: { href: string; label: string; title: string; small?: boolean }) {
  return (
    <a class={small ? 'btn btn-small btn-link' : 'btn btn-link'} href={href} target="_blank" rel="noopener" title={title}>
      {label}
    </a>
  );
}

/** For the meeting section, once the motos are drawn. */
export function MotoSheetLink({ eventId, small = false }: { eventId: string; small?: boolean }) {
  return <ResultsLink href={motoSheetHref(eventId)} label="Print moto sheet" title="The moto sheet for the staging area: every race with lanes, plates and riders" small={small} />;
}
