/** @module The coaching answers' charts as uPlot columns: a driver's laps with the rolling average, the early pace and the fall-off lap marked; the gap to the leader per lap; average and spread per stint. */
import type { LapModelRace } from '../../shared/contracts/lap-model.ts';
import type { FallOff, LeaderGap, Stints } from '../../shared/analysis/index.ts';
import { colourOf, SUSPECT_COLOUR, type ChartData } from './chart-data.ts';

const s = (ms: number) => ms / 1000;
const AVERAGE = '#444444';
const MARK = '#e07000';

/** The driver's colour in every chart of the race: their place in the lap model's order. */
export function driverColour(race: LapModelRace, key: string): string {
  return colourOf(Math.max(0, race.laps.findIndex((d) => d.driver_key === key)));
}

export function fallOffChart(race: LapModelRace, answer: FallOff): ChartData {
  const counted = (race.laps.find((d) => d.driver_key === answer.driver_key)?.laps ?? []).filter((l) => l.lap >= 1);
  const most = Math.max(0, ...counted.map((l) => l.lap));
  const laps = Array.from({ length: most }, (_, i) => i + 1);
  const column = () => laps.map((): number | null => null);
  const times = column();
  for (const l of counted) times[l.lap - 1] = s(l.lap_ms);
  const rolling = column();
  for (const p of answer.rolling) rolling[p.lap - 1] = s(p.avg_ms);
  const crashes = column();
  for (const lap of answer.crashes) crashes[lap - 1] = times[lap - 1] ?? null;
  const series: ChartData['series'] = [
    { label: 'Lap time', colour: driverColour(race, answer.driver_key), values: times },
    { label: 'Rolling average', colour: AVERAGE, values: rolling, dashed: true },
  ];
  if (answer.early_pace_ms !== null) series.push({ label: 'Early pace', colour: '#2ca02c', values: laps.map((lap) => (lap >= answer.early_laps[0]! ? s(answer.early_pace_ms!) : null)), dashed: true });
  if (answer.crashes.length > 0) series.push({ label: 'Crash laps', colour: SUSPECT_COLOUR, values: crashes, points: true });
  if (answer.fall_off_lap !== null) series.push({ label: `Fell off: lap ${answer.fall_off_lap}`, colour: MARK, values: laps.map((lap) => (lap === answer.fall_off_lap ? times[lap - 1]! : null)), points: true });
  return { laps, series };
}

export function gapChart(race: LapModelRace, answer: LeaderGap): ChartData {
  return {
    laps: answer.points.map((p) => p.lap),
    series: [
      { label: `Gap to ${answer.reference_name ?? 'the leader'}`, colour: driverColour(race, answer.driver_key), values: answer.points.map((p) => s(p.gap_ms)) },
      { label: 'Time lost on the lap', colour: AVERAGE, values: answer.points.map((p) => s(p.lap_delta_ms)), dashed: true },
    ],
  };
}

export function stintChart(race: LapModelRace, answer: Stints): ChartData {
  return {
    laps: answer.stints.map((st) => st.number),
    series: [
      { label: 'Average lap', colour: driverColour(race, answer.driver_key), values: answer.stints.map((st) => s(st.avg_ms)) },
      { label: 'Average + spread', colour: AVERAGE, values: answer.stints.map((st) => s(st.avg_ms + st.spread_ms)), dashed: true },
      { label: 'Average − spread', colour: AVERAGE, values: answer.stints.map((st) => s(st.avg_ms - st.spread_ms)), dashed: true },
    ],
  };
}
