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

const ridden = (r: PointsRecord) => r.points.filter((p): p is number => p !== null);
const total = (r: PointsRecord) => ridden(r).reduce((a, b) => a + b, 0);
const last = (r: PointsRecord) => ridden(r).at(-1) ?? Infinity;
const best = (r: PointsRecord) => Math.min(...ridden(r));

/** Which rule decides between two riders, and which way (negative: `a` ahead). */
export function compareBmx(a: PointsRecord, b: PointsRecord, seed: number): { order: number; rule: BmxTieRule } {
  const rules: [BmxTieRule, number][] = [
    ['total', total(a) - total(b)],
    ['last_moto', last(a) - last(b)],
    ['best_moto', best(a) - best(b)],
    ['lot', lotNumber(seed, a.rider_id) - lotNumber(seed, b.rider_id) || (a.rider_id < b.rider_id ? -1 : 1)],
  ];
  for (const [rule, order] of rules) if (order !== 0 && !Number.isNaN(order)) return { order, rule };
  return { order: 0, rule: 'lot' };
}

/** Riders ranked by moto points; `seed` is the moto sheet's, so the lot stays the same when results are corrected. */
export function rankByPoints(records: readonly PointsRecord[], seed: number): RankedRider[] {
  const sorted = [...records].sort((a, b) => compareBmx(a, b, seed).order);
  return sorted.map((r, i) => ({
    position: i + 1,
    rider_id: r.rider_id,
    total: total(r),
    points: r.points,
    separated_by: i === 0 ? null : compareBmx(sorted[i - 1]!, r, seed).rule,
  }));
}
