/** @module Addresses of the box's printable results (`/results/`, docs/race-api.md "Results sheets"), for race control and the scoreboard alike. */
import type { EventView, RaceView } from './live-types.ts';

/** The event's sheet, or the list of every event when none is set up yet. */
export const eventResultsHref = (event: EventView | null): string => (event ? `/results/events/${encodeURIComponent(event.event_id)}` : '/results/');

/** The meeting's moto sheet: every race of the running order with lanes, plates and riders. */
export const motoSheetHref = (eventId: string): string => `/results/events/${encodeURIComponent(eventId)}/motos`;

export const raceResultsHref = (race: RaceView): string => `/results/races/${encodeURIComponent(race.race_id)}`;

/** BMX riders race motos; an RC meeting qualifies in heats, so its sheet is the heat list. */
export const sheetTitle = (order: readonly { kind: string }[]): 'Moto sheet' | 'Heat list' => (order.some((r) => r.kind === 'moto') ? 'Moto sheet' : 'Heat list');
