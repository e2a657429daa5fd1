/**
 * @module Consistency and drop-off by stint: a driver's clean laps cut into stints of a few laps,
 * each with its average lap and its spread (standard deviation), so a tiring driver shows as a
 * rising average and a widening spread; with the stints that were the steadiest and the least.
 */
import type { LapModelRace } from '../contracts/lap-model.ts';
import { driverLaps, mean, secs, spread } from './driver-laps.ts';

/** Five laps a stint: about two minutes of a club race, so a 5-minute heat still has two stints and a 30-minute main a dozen. */
export const STINT_LAPS = 5;
/** A last stint shorter than this joins the one before it, so two laps never pass for a stint. */
const MIN_LAST_STINT = 3;

export interface Stint {
  number: number;
  first_lap: number;
  last_lap: number;
  laps: number;
  avg_ms: number;
  spread_ms: number;
}

export interface Stints {
  driver_key: string;
  driver_name: string;
  stints: Stint[];
  steadiest: Stint | null;
  least_steady: Stint | null;
  sentence: string;
}

export function stints(race: LapModelRace, driverKey: string): Stints | null {
  const laps = driverLaps(race, driverKey);
  if (!laps) return null;
  const groups: (typeof laps.clean)[] = [];
  for (let i = 0; i < laps.clean.length; i += STINT_LAPS) groups.push(laps.clean.slice(i, i + STINT_LAPS));
  if (groups.length > 1 && groups.at(-1)!.length < MIN_LAST_STINT) groups.splice(-2, 2, [...groups.at(-2)!, ...groups.at(-1)!]);
  const out: Stint[] = groups.map((g, i) => ({ number: i + 1, first_lap: g[0]!.lap, last_lap: g.at(-1)!.lap, laps: g.length, avg_ms: Math.round(mean(g.map((l) => l.lap_ms))), spread_ms: Math.round(spread(g.map((l) => l.lap_ms))) }));
  const base = { driver_key: laps.driver_key, driver_name: laps.driver_name, stints: out };
  if (out.length < 2) return { ...base, steadiest: null, least_steady: null, sentence: `${laps.driver_name} ran ${laps.clean.length} clean ${laps.clean.length === 1 ? 'lap' : 'laps'}: not enough for two stints of ${STINT_LAPS}.` };
  const steadiest = out.reduce((b, s) => (s.spread_ms < b.spread_ms ? s : b));
  const least = out.reduce((b, s) => (s.spread_ms > b.spread_ms ? s : b));
  const first = out[0]!;
  const last = out.at(-1)!;
  const change = last.avg_ms - first.avg_ms;
  const trend = change > 0 ? `${secs(change)} s a lap slower` : change < 0 ? `${secs(-change)} s a lap quicker` : 'no quicker or slower';
  const range = (s: Stint) => `laps ${s.first_lap}–${s.last_lap}`;
  return {
    ...base,
    steadiest,
    least_steady: least,
    sentence: `Over ${out.length} stints of about ${STINT_LAPS} clean laps, ${laps.driver_name}'s last stint (${range(last)}) was ${trend} than the first (${range(first)}). Steadiest: ${range(steadiest)}, laps within ±${secs(steadiest.spread_ms)} s; least steady: ${range(least)}, ±${secs(least.spread_ms)} s.`,
  };
}
