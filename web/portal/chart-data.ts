/**
 * @module A race in the lap model turned into what the race view's charts draw: per-driver lap times
 * and running positions over lap number (uPlot's aligned columns, null where a driver has no lap),
 * suspect laps as a points-only series of their own, and the figures LiveRC prints in its table.
 */
import type { LapModelRace, LapResult } from '../../shared/contracts/lap-model.ts';

/** Twelve colours apart enough to tell drivers apart on a small screen, light or dark; series i is drawn in colourOf(i). */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#005f5f', '#b8860b'] as const;
export const colourOf = (i: number): string => PALETTE[i % PALETTE.length]!;

/** The label of the points-only series circling suspect laps. */
export const SUSPECT = 'Suspect laps';
export const SUSPECT_COLOUR = '#b80000';

export interface ChartSeries {
  label: string;
  /** A driver keeps one colour in every chart of the race (their place in the lap model's order). */
  colour: string;
  values: (number | null)[];
  /** Drawn as rings with no line (suspect laps, a marked lap). */
  points?: boolean;
  /** Drawn dashed: a reference line rather than a driver's laps. */
  dashed?: boolean;
}

export interface ChartData {
  /** Lap numbers 1 … the most laps any driver ran (stint numbers in the stint chart). */
  laps: number[];
  series: ChartSeries[];
}

type Laps = LapModelRace['laps'][number]['laps'];

const counted = (laps: Laps) => laps.filter((l) => l.lap >= 1);
const nameOf = (race: LapModelRace) => {
  const names = new Map(race.results.map((r) => [r.driver_key, r.driver_name]));
  return (key: string) => names.get(key) ?? key;
};

function columns(race: LapModelRace, keys: readonly string[] | null, value: (lap: Laps[number]) => number | null): ChartData {
  const drivers = race.laps.map((d, i) => ({ ...d, colour: colourOf(i) })).filter((d) => keys === null || keys.includes(d.driver_key));
  const most = Math.max(0, ...drivers.map((d) => Math.max(0, ...counted(d.laps).map((l) => l.lap))));
  const laps = Array.from({ length: most }, (_, i) => i + 1);
  const name = nameOf(race);
  return {
    laps,
    series: drivers.map((d) => {
      const values: (number | null)[] = laps.map(() => null);
      for (const lap of counted(d.laps)) values[lap.lap - 1] = value(lap);
      return { label: name(d.driver_key), colour: d.colour, values };
    }),
  };
}

const seconds = (lap: Laps[number]) => lap.lap_ms / 1000;

/** Lap times in seconds per driver (only `keys`' drivers when given), then one "Suspect laps" series marking them. */
export function lapTimes(race: LapModelRace, keys: readonly string[] | null = null): ChartData {
  const data = columns(race, keys, seconds);
  const suspect: (number | null)[] = data.laps.map(() => null);
  for (const d of race.laps.filter((x) => keys === null || keys.includes(x.driver_key)))
    for (const lap of counted(d.laps)) if (lap.flags.includes('suspect')) suspect[lap.lap - 1] = Math.max(suspect[lap.lap - 1] ?? 0, seconds(lap));
  return { laps: data.laps, series: [...data.series, { label: SUSPECT, colour: SUSPECT_COLOUR, values: suspect, points: true }] };
}

/** Running position after each lap; null when the race's laps carry no positions (box-timed races). */
export function positions(race: LapModelRace): ChartData | null {
  if (!race.laps.some((d) => d.laps.some((l) => l.position !== null))) return null;
  return columns(race, null, (lap) => lap.position);
}

/** Whole ms as LiveRC prints times: `12.345`, or `5:03.123` from a minute up. */
export function clock(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.floor(ms / 60_000);
  const rest = ((ms % 60_000) / 1000).toFixed(3);
  return minutes > 0 ? `${minutes}:${rest.padStart(6, '0')}` : rest;
}

/** LiveRC's "Behind": laps down, or seconds behind the winner on the same lap count. */
export function behind(result: LapResult, winner: LapResult): string {
  if (result === winner) return '—';
  const down = winner.laps - result.laps;
  if (down > 0) return `${down} ${down === 1 ? 'lap' : 'laps'}`;
  if (result.total_time_ms === null || winner.total_time_ms === null) return '—';
  return `+${clock(result.total_time_ms - winner.total_time_ms)}`;
}

/** LiveRC prints venue time with no zone (`2025-03-01T14:05`); a box's times are UTC ISO 8601, shown to the minute and marked so. */
export const when = (at: string | null): string | null => (at === null ? null : at.endsWith('Z') ? `${at.slice(0, 16).replace('T', ' ')} UTC` : at.replace('T', ' '));

/** Seconds on a chart's axis: whole from 100 up, else to a tenth (negative gaps too). */
export const axisSeconds = (v: number): string => v.toFixed(Math.abs(v) >= 100 ? 0 : 1);

/** Consistency as LiveRC prints it: two decimals and a per cent sign, a dash for none. */
export const percent = (pct: number | null): string => (pct === null ? '—' : `${pct.toFixed(2)}%`);
