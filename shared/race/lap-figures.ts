/** @module A driver's lap figures as LiveRC prints them: which laps the per-lap figures cover, best lap, average lap, consistency. */
import type { Competitor, RaceState } from './state.ts';

/**
 * Index of the first lap the per-lap figures (best, average, consistency, plausibility) are
 * taken over. A mass start's first lap runs from the grid, not from the line: LiveRC's saved
 * race pages leave it out of every per-lap figure while counting it in laps/time
 * (docs/race-engine.md "Figures"). A staggered start and practice begin at a crossing, so
 * every counted lap is a full lap.
 */
export function firstFullLap(race: Pick<RaceState, 'format' | 'settings'>): number {
  return race.format === 'timed' && race.settings.start_mode === 'mass' ? 1 : 0;
}

/** Mean lap in whole ms, rounded half up (LiveRC rounds; it does not truncate). */
export function averageLapMs(sumUs: number, laps: number): number | null {
  return laps > 0 ? Math.round(sumUs / (laps * 1000)) : null;
}

/**
 * 100 × (1 − population SD ÷ mean), carried at 3 decimals as LiveRC's `racerLaps` does, and
 * shown at 2 by rounding that 3-decimal value half up: 88.4246 → 88.425 → 88.43 (rounding
 * 88.4246 straight to 2 decimals would give 88.42, which no LiveRC page shows).
 */
export function consistency(lapsUs: readonly number[]): { thousandths: number; pct: number } | null {
  const n = lapsUs.length;
  if (n === 0) return null;
  let sum = 0;
  for (const us of lapsUs) sum += us / 1000;
  const mean = sum / n;
  if (!(mean > 0)) return null;
  let squares = 0;
  for (const us of lapsUs) squares += (us / 1000 - mean) ** 2;
  const sd = Math.sqrt(squares / n);
  const thousandths = Math.round((1 - sd / mean) * 100_000);
  return { thousandths, pct: Math.floor((thousandths + 5) / 10) / 100 };
}

/** The full laps of a competitor, µs, in order. */
export function fullLapsUs(comp: Competitor, from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < comp.laps.length; i++) out.push(comp.laps[i]!.lap_us);
  return out;
}

/** Where the best lap came from, so a driver can find it on video: its number and the box time of the crossing that completed it. */
export function bestLapAtUs(comp: Competitor): number | null {
  return comp.best_lap !== null ? (comp.laps[comp.best_lap - 1]?.t_us ?? null) : null;
}
