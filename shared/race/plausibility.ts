/** @module Laps too short to be real: a stray read makes a lap far below the driver's typical lap; it is set aside as `suspect_short` until the referee confirms it. */
import type { Competitor } from './state.ts';

/**
 * The rule (docs/race-engine.md "Plausibility"): a lap shorter than FACTOR × the median of the
 * driver's last WINDOW counted full laps is suspect, once at least MIN_LAPS full laps exist.
 * The median, not the mean or the best, so that one crash lap or one earlier stray read does
 * not move the yardstick. The real practice session that forced this had a 6.4 s "lap"
 * between a 38.2 s lap and 40 s laps: 6.4 < 0.6 × 40. No real RC lap drops to 60 % of the
 * driver's usual pace from one lap to the next; a driver who really speeds up that much
 * (cruising laps, then racing) is recognised by the next crossing (see `settlesHeld`).
 */
export const SHORT_LAP = { factor: 0.6, window: 5, min_laps: 3 } as const;

/** Median of the last `window` full laps, µs; null until there are `min_laps` of them. */
export function typicalLapUs(comp: Competitor, from: number): number | null {
  const full = comp.laps.length - from;
  if (full < SHORT_LAP.min_laps) return null;
  const recent: number[] = [];
  for (let i = Math.max(from, comp.laps.length - SHORT_LAP.window); i < comp.laps.length; i++) recent.push(comp.laps[i]!.lap_us);
  recent.sort((a, b) => a - b);
  const mid = recent.length >> 1;
  return recent.length % 2 === 1 ? recent[mid]! : (recent[mid - 1]! + recent[mid]!) / 2;
}

export function isShortLap(lapUs: number, typicalUs: number | null): boolean {
  return typicalUs !== null && lapUs < typicalUs * SHORT_LAP.factor;
}

/** The crossing set aside as suspect that is still the driver's newest one, if any: the next crossing decides about it. */
export function heldCrossing(comp: Competitor): Competitor['short_laps'][number] | undefined {
  const last = comp.short_laps.at(-1);
  return last !== undefined && comp.last_us !== null && last.t_us > comp.last_us ? last : undefined;
}
