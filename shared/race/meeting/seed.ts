/** @module Seeds for meeting draws: a number from a logged intent's id, one stream per class, and a per-rider lot that settles a tie nothing else can. */

/** FNV-1a over UTF-16 code units: small, fast and the same on every machine and replay. */
function fnv1a(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The seed a draw uses, from the id of the intent that asked for it (a ULID), so every replay draws alike. */
export const seedFromId = (id: string): number => fnv1a(id);

/**
 * One seed per class (or per purpose) from the meeting's seed: adding or editing one class
 * changes no other class's draw.
 */
export const subSeed = (seed: number, label: string): number => fnv1a(label, (seed ^ 0x811c9dc5) >>> 0);

/** A rider's lot number for a seed: fixed per rider, so comparing two riders never depends on who else is in the class. */
export const lotNumber = (seed: number, riderId: string): number => subSeed(seed, `lot:${riderId}`);

/** Lower lot wins a tie; the rider id only separates two equal lots (one chance in four billion). */
export function byLot(seed: number): (a: string, b: string) => number {
  return (a, b) => lotNumber(seed, a) - lotNumber(seed, b) || (a < b ? -1 : a > b ? 1 : 0);
}
