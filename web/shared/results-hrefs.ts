/** @module Addresses of the box's printable results (`/results/`, docs/race-api.md "Results sheets"), for race control and the scoreboard alike. */
import type { EventView, RaceView } from './live-types.ts';

/** The event's sheet, or the list of every event when none is set up yet. */
export const eventResultsHref = (event: EventView | null): string => (event ? `/results/events/${encodeURIComponent(event.event_id)}` : '/results/');

/** The meeting's moto sheet: every race of the running order with lanes, plates and riders. */
export const motoSheetHref = (eventId: string): string => `/results/events/${encodeURIComponent(eventId)}/motos`;

export const raceResultsHref = (race: RaceView): string => `/results/races/${encodeURIComponent(race.race_id)}`;
