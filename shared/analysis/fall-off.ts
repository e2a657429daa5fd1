/**
 * @module "Where did my laps fall off": the driver's early pace, a rolling average of their clean
 * laps, and the first lap of the stretch where that average leaves the early pace for good, with
 * how much slower the laps from there on were. Computed from the laps, never guessed.
 */
import type { LapModelRace } from '../contracts/lap-model.ts';
import { driverLaps, lapList, mean, median, secs, type PaceLap } from './driver-laps.ts';

/** Laps averaged for the rolling line: long enough to smooth one bad corner, short enough to show a trend within a 5-minute heat. */
export const ROLLING_LAPS = 5;
/** Clean laps that make the early pace, from lap 2 (lap 1 carries the start). */
export const EARLY_LAPS = 5;
/** A fall-off needs this many laps after it: a slow last lap or two is the end of a race, not a trend. */
export const MIN_TAIL_LAPS = 3;
/** The rolling average is "off" the early pace past this much slower; 2 % is about half a second on a 25 s lap, more than a driver's lap-to-lap noise. */
export const FALL_OFF_PCT = 2;

export interface RollingPoint {
  /** The last lap in the window. */
  lap: number;
  avg_ms: number;
}

export interface FallOff {
  driver_key: string;
  driver_name: string;
  /** `too_few_laps`: fewer clean laps than the early pace and one rolling window need. */
  kind: 'fell_off' | 'held' | 'too_few_laps';
  early_pace_ms: number | null;
  /** The lap numbers the early pace comes from. */
  early_laps: number[];
  rolling: RollingPoint[];
  /** The first lap of the slower stretch. */
  fall_off_lap: number | null;
  /** Mean clean lap from the fall-off lap on, and how much slower than the early pace. */
  after_ms: number | null;
  slower_ms: number | null;
  slower_pct: number | null;
  /** Held: the slowest the rolling average got, and where. */
  worst: RollingPoint | null;
  crashes: number[];
  sentence: string;
}

export function rollingAverage(laps: readonly PaceLap[], window = ROLLING_LAPS): RollingPoint[] {
  const out: RollingPoint[] = [];
  for (let i = window - 1; i < laps.length; i++) out.push({ lap: laps[i]!.lap, avg_ms: mean(laps.slice(i - window + 1, i + 1).map((l) => l.lap_ms)) });
  return out;
}

const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

function crashNote(crashes: readonly number[]): string {
  return crashes.length === 0 ? '' : ` ${lapList(crashes)} ${crashes.length === 1 ? 'was' : 'were'} left out as crash laps.`;
}

/** The rolling average lags a change: the lap the pace dropped is the first clean lap of the window ending at `windowEnd` that is itself past the limit. */
function droppedLap(paced: readonly PaceLap[], windowEnd: number, earlyEnd: number, limit: number): number {
  const end = paced.findIndex((l) => l.lap === windowEnd);
  const window = paced.slice(Math.max(end - ROLLING_LAPS + 1, 0), end + 1);
  return (window.find((l) => l.lap > earlyEnd && l.lap_ms > limit) ?? paced[end]!).lap;
}

/**
 * The fall-off lap: take the first rolling point past the threshold that stays past it to the
 * end of the race (a single slow stretch that recovers is not a fall-off); the rolling average
 * lags the change, so the answer is the first clean lap in that window that is itself past the
 * threshold, the lap the pace actually dropped.
 */
export function fallOff(race: LapModelRace, driverKey: string): FallOff | null {
  const laps = driverLaps(race, driverKey);
  if (!laps) return null;
  const base = { driver_key: laps.driver_key, driver_name: laps.driver_name, crashes: laps.crashes };
  const paced = laps.clean.filter((l) => l.lap >= 2);
  const early = paced.slice(0, EARLY_LAPS);
  if (early.length < EARLY_LAPS || paced.length < EARLY_LAPS + ROLLING_LAPS) {
    return { ...base, kind: 'too_few_laps', early_pace_ms: null, early_laps: [], rolling: rollingAverage(laps.clean), fall_off_lap: null, after_ms: null, slower_ms: null, slower_pct: null, worst: null, sentence: `${laps.driver_name} ran ${laps.clean.length} clean ${laps.clean.length === 1 ? 'lap' : 'laps'}: too few to tell an early pace from a later one (${EARLY_LAPS + ROLLING_LAPS} after lap 1 are needed).` };
  }
  const earlyPace = median(early.map((l) => l.lap_ms));
  const limit = earlyPace * (1 + FALL_OFF_PCT / 100);
  const rolling = rollingAverage(paced);
  const earlyEnd = early.at(-1)!.lap;
  const later = rolling.filter((p) => p.lap > earlyEnd);
  let from = -1;
  for (let i = later.length - 1; i >= 0 && later[i]!.avg_ms > limit; i--) from = i;
  const earlyText = `the early pace of ${secs(earlyPace)} s (laps ${early[0]!.lap}–${earlyEnd})`;
  const dropped = from < 0 ? null : droppedLap(paced, later[from]!.lap, earlyEnd, limit);
  const after = dropped === null ? [] : paced.filter((l) => l.lap >= dropped).map((l) => l.lap_ms);
  if (dropped === null || after.length < MIN_TAIL_LAPS) {
    const worst = later.reduce<RollingPoint | null>((w, p) => (w === null || p.avg_ms > w.avg_ms ? p : w), null);
    const worstText = worst ? ` Its slowest was ${secs(worst.avg_ms)} s at lap ${worst.lap}, ${pct(worst.avg_ms - earlyPace, earlyPace)} % off.` : '';
    return { ...base, kind: 'held', early_pace_ms: Math.round(earlyPace), early_laps: early.map((l) => l.lap), rolling, fall_off_lap: null, after_ms: null, slower_ms: null, slower_pct: null, worst, sentence: `${laps.driver_name}'s pace held: the ${ROLLING_LAPS}-lap rolling average did not stay more than ${FALL_OFF_PCT} % off ${earlyText} to the end.${worstText}${crashNote(laps.crashes)}` };
  }
  const afterMs = mean(after);
  const slower = afterMs - earlyPace;
  return {
    ...base,
    kind: 'fell_off',
    early_pace_ms: Math.round(earlyPace),
    early_laps: early.map((l) => l.lap),
    rolling,
    fall_off_lap: dropped,
    after_ms: Math.round(afterMs),
    slower_ms: Math.round(slower),
    slower_pct: pct(slower, earlyPace),
    worst: null,
    sentence: `${laps.driver_name}'s laps fell off from lap ${dropped}: from there the clean laps averaged ${secs(afterMs)} s, ${secs(slower)} s (${pct(slower, earlyPace)} %) slower than ${earlyText}.${crashNote(laps.crashes)}`,
  };
}
