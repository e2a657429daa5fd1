/**
 * @module "How did I compare to the leader in the first 5 minutes": the gap to the race's winner
 * (to the runner-up for the winner) after each lap, from both drivers' running totals, over the
 * laps the driver finished within the first five minutes, and the lap that cost the most.
 */
import type { LapModelRace } from '../contracts/lap-model.ts';
import { driverLaps, secs } from './driver-laps.ts';

export const OPENING_MS = 5 * 60_000;

export interface GapPoint {
  lap: number;
  /** Driver's running total minus the reference's after the same lap: positive is behind. */
  gap_ms: number;
  /** This lap's time minus the reference's same lap: positive is time lost on it. */
  lap_delta_ms: number;
}

export interface LeaderGap {
  driver_key: string;
  driver_name: string;
  kind: 'compared' | 'no_reference' | 'no_laps';
  reference_key: string | null;
  reference_name: string | null;
  /** `leader` (the winner) or `runner_up` (when the driver is the winner). */
  reference_role: 'leader' | 'runner_up' | null;
  points: GapPoint[];
  /** Gap after the last lap compared. */
  gap_ms: number | null;
  worst: GapPoint | null;
  sentence: string;
}

/** Running totals after each counted lap, by lap number. */
function totals(laps: readonly { lap: number; lap_ms: number }[]): Map<number, { total: number; lap_ms: number }> {
  const out = new Map<number, { total: number; lap_ms: number }>();
  let total = 0;
  for (const l of laps) out.set(l.lap, { total: (total += l.lap_ms), lap_ms: l.lap_ms });
  return out;
}

const signed = (ms: number, ahead: string, behind: string) => (ms > 0 ? `${secs(ms)} s ${behind}` : ms < 0 ? `${secs(-ms)} s ${ahead}` : 'level with');
const rate = (ms: number) => (ms > 0 ? `, losing ${secs(ms)} s a lap on average` : ms < 0 ? `, gaining ${secs(-ms)} s a lap on average` : '');

export function leaderGap(race: LapModelRace, driverKey: string): LeaderGap | null {
  const laps = driverLaps(race, driverKey);
  if (!laps) return null;
  const finishers = race.results.filter((r) => r.laps > 0);
  const isWinner = finishers[0]?.driver_key === driverKey;
  const reference = isWinner ? finishers[1] : finishers[0];
  const base = { driver_key: laps.driver_key, driver_name: laps.driver_name };
  const none = { reference_key: null, reference_name: null, reference_role: null, points: [], gap_ms: null, worst: null };
  if (laps.all.length === 0) return { ...base, ...none, kind: 'no_laps', sentence: `${laps.driver_name} ran no laps in this race.` };
  if (!reference) return { ...base, ...none, kind: 'no_reference', sentence: `${laps.driver_name} was the only driver with laps: there is nobody to compare with.` };
  const theirs = totals(driverLaps(race, reference.driver_key)?.all ?? []);
  const points: GapPoint[] = [];
  for (const [lap, mine] of totals(laps.all)) {
    const other = theirs.get(lap);
    if (mine.total > OPENING_MS || !other) break;
    points.push({ lap, gap_ms: mine.total - other.total, lap_delta_ms: mine.lap_ms - other.lap_ms });
  }
  const role = isWinner ? 'runner_up' : 'leader';
  const who = `${isWinner ? 'the runner-up' : 'the winner'}, ${reference.driver_name}`;
  const referenced = { reference_key: reference.driver_key, reference_name: reference.driver_name, reference_role: role } as const;
  if (points.length === 0) return { ...base, ...referenced, kind: 'compared', points, gap_ms: null, worst: null, sentence: `${laps.driver_name} finished no lap within the first 5 minutes that ${who} also ran, so there is no gap to show.` };
  const last = points.at(-1)!;
  const worst = points.reduce((w, p) => (p.lap_delta_ms > w.lap_delta_ms ? p : w));
  const perLap = last.gap_ms / points.length;
  const lapsText = points.length === 1 ? 'lap 1' : `laps 1–${last.lap}`;
  const worstText = worst.lap_delta_ms > 0 ? ` The most time went on lap ${worst.lap}: ${secs(worst.lap_delta_ms)} s.` : ` ${laps.driver_name} lost time on no lap.`;
  return {
    ...base,
    ...referenced,
    kind: 'compared',
    points,
    gap_ms: last.gap_ms,
    worst,
    sentence: `In the first 5 minutes (${lapsText}) ${laps.driver_name} was ${signed(last.gap_ms, 'ahead of', 'behind')} ${who}${rate(perLap)}.${worstText}`,
  };
}
