/** @module Race ids for a meeting's races: readable, unique per event, and always valid tokens (64 characters at most, no "+"). */
import { seedFromId } from '../meeting/seed.ts';

/** A part of an id kept short: long ones keep their start and a hash of the whole, so two long names never meet. */
function part(text: string, max: number): string {
  const safe = text.replaceAll('+', '_');
  if (safe.length <= max) return safe;
  return `${safe.slice(0, max - 8)}-${seedFromId(safe).toString(36).padStart(7, '0').slice(0, 7)}`;
}

/** `<event>-<rest…>`: an event id up to 24 characters and each other part up to 20 kept whole. */
export function meetingRaceId(eventId: string, ...rest: (string | number)[]): string {
  return [part(eventId, 24), ...rest.map((r) => part(String(r), 20))].join('-');
}

/** The id a planned race is staged under: its own, or with `-2`, `-3` … once that id is taken (a reset race run again). */
export function freeRaceId(planned: string, taken: (id: string) => boolean): string {
  if (!taken(planned)) return planned;
  let n = 2;
  while (taken(`${planned}-${n}`)) n++;
  return `${planned}-${n}`;
}
