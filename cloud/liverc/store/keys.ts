/** @module KV keys for the LiveRC store: natural keys joined with dots, free text (class names, driver names) hashed into the key alphabet. */
import { createHash } from 'node:crypto';

const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);

/** A driver: LiveRC's global id when the page gives one, else a hash of the normalised name. */
export function driverKey(sourceDriverId: string | null, normalizedName: string): string {
  return sourceDriverId !== null ? `d${sourceDriverId}` : `n-${hash(normalizedName)}`;
}

export const classKey = (className: string) => `c-${hash(className.trim().toLowerCase())}`;

export const keys = {
  track: (slug: string) => slug,
  event: (eventId: string) => eventId,
  driver: (driver: string) => driver,
  entry: (eventId: string, driver: string, className: string) => `${eventId}.${driver}.${classKey(className)}`,
  race: (eventId: string, raceId: string) => `${eventId}.${raceId}`,
  raceDriver: (raceId: string, driver: string) => `${raceId}.${driver}`,
  result: (raceId: string, driver: string) => `${raceId}.${driver}`,
  laps: (raceId: string, driver: string) => `${raceId}.${driver}`,
  /** Raw pages in the object store, by what they are. */
  page: (slug: string, kind: string, id: string) => `${slug}/${kind}/${id}.html`,
};
