/** @module BMX moto points ranked: lowest total first; ties to the better last moto, then the best single moto, then the class's drawn lot. */
import { lotNumber } from './seed.ts';

/** Moto points by round; null for a round the rider did not ride (transferred, or not yet run). */
export interface PointsRecord {
  rider_id: string;
  points: (number | null)[];
}

/** The rules, in the order they are tried, named as docs/race-meetings.md names them. */
export type BmxTieRule = 'total' | 'last_moto' | 'best_moto' | 'lot';

export interface RankedRider {
  position: number;
  rider_id: string;
  total: number;
  points: (number | null)[];
  /** The rule that put this rider below the one above; null for the first. */
  separated_by: BmxTieRule | null;
}

/** The figures the rules compare, worked out once per rider rather than at every comparison of a sort. */
interface Keys {
  rider_id: string;
  total: number;
  last: number;
  best: number;
  lot: number;
}

function keysOf(r: PointsRecord, seed: number): Keys {
  let total = 0;
  let last = Infinity;
  let best = Infinity;
  for (const p of r.points) {
    if (p === null) continue;
    total += p;
    last = p;
    best = Math.min(best, p);
  }
  return { rider_id: r.rider_id, total, last, best, lot: lotNumber(seed, r.rider_id) };
}

function compareKeys(a: Keys, b: Keys): { order: number; rule: BmxTieRule } {
  if (a.total !== b.total) return { order: a.total - b.total, rule: 'total' };
  if (a.last !== b.last) return { order: a.last < b.last ? -1 : 1, rule: 'last_moto' };
  if (a.best !== b.best) return { order: a.best < b.best ? -1 : 1, rule: 'best_moto' };
  const order = a.lot - b.lot || (a.rider_id < b.rider_id ? -1 : a.rider_id > b.rider_id ? 1 : 0);
  return { order, rule: 'lot' };
}

/** Which rule decides between two riders, and which way (negative: `a` ahead). */
export function compareBmx(a: PointsRecord, b: PointsRecord, seed: number): { order: number; rule: BmxTieRule } {
  return compareKeys(keysOf(a, seed), keysOf(b, seed));
}

/** Riders ranked by moto points; `seed` is the moto sheet's, so the lot stays the same when results are corrected. */
export function rankByPoints(records: readonly PointsRecord[], seed: number): RankedRider[] {
  const keyed = records.map((r) => ({ r, k: keysOf(r, seed) }));
  keyed.sort((a, b) => compareKeys(a.k, b.k).order);
  return keyed.map(({ r, k }, i) => ({
    position: i + 1,
    rider_id: r.rider_id,
    total: k.total,
    points: r.points,
    separated_by: i === 0 ? null : compareKeys(keyed[i - 1]!.k, k).rule,
  }));
}
