/**
 * @module The rows of a results sheet, one record of printed cells per competitor, built once and used by
 * both the printed table and the CSV, so the two never disagree. Figures are the engine's views as
 * `/api/races/:id` and `/api/standings` serve them, only written out: times in seconds to the ms.
 */
import type { BmxRow, EventView, PracticeRow, RaceView, Standings, StandingRow, TimedRow } from '../../../shared/race/index.ts';

/** Every column any sheet has, in CSV order. */
export const COLUMNS = [
  'section', 'event_id', 'class_id', 'class', 'race_id', 'race', 'round', 'format', 'race_status',
  'position', 'rider_id', 'name', 'plate', 'status', 'lane', 'time', 'gap', 'points', 'moto_total',
  'laps', 'result', 'behind', 'fastest_lap', 'fastest_lap_number', 'avg_lap', 'consistency', 'results',
] as const;
export type Column = (typeof COLUMNS)[number];
export type Line = Record<Column, string>;

const pad3 = (n: number) => String(n).padStart(3, '0');
/** Whole ms as seconds, `38.983`, `303.123`: exact, and a number to a spreadsheet. */
export const seconds = (ms: number | null): string => (ms === null ? '' : `${Math.floor(ms / 1000)}.${pad3(ms % 1000)}`);
const num = (n: number | null): string => (n === null ? '' : String(n));

/** What a class id names on this event: its name, or the id itself when the setup no longer has it. */
export function className(event: EventView, classId: string | null): string {
  if (classId === null) return '';
  return event.classes.find((c) => c.class_id === classId)?.name ?? classId;
}

/** A row with every cell empty, to fill in. */
export function emptyLine(): Line {
  return Object.fromEntries(COLUMNS.map((c) => [c, ''])) as Line;
}

function raceContext(event: EventView, race: RaceView): Line {
  return {
    ...emptyLine(), section: 'race', event_id: race.event_id, class_id: race.class_id ?? '', class: className(event, race.class_id),
    race_id: race.race_id, race: race.name, round: num(race.round), format: race.format, race_status: race.status,
  };
}

/** Finishers by place, then DNF, then DNS, each by lane: a results sheet's order, where a board shows lanes. */
function bmxOrder(rows: readonly BmxRow[]): BmxRow[] {
  const rank = (r: BmxRow) => (r.place !== null ? r.place : r.status === 'dnf' ? 1_000 : r.status === 'dns' ? 2_000 : 3_000);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.lane - b.lane);
}

/** The place, DNF or DNS; nothing yet for a rider still staged or riding. */
const bmxPosition = (r: BmxRow) => (r.place !== null ? String(r.place) : r.status === 'dnf' || r.status === 'dns' ? r.status.toUpperCase() : '');

function bmxLine(base: Line, r: BmxRow, totals: ReadonlyMap<string, number | null>): Line {
  return {
    ...base, position: bmxPosition(r), rider_id: r.rider_id, name: r.name, plate: r.plate ?? '',
    status: r.status, lane: String(r.lane), time: seconds(r.elapsed_ms), gap: r.place === 1 ? '' : seconds(r.gap_ms), points: num(r.points),
    moto_total: num(totals.get(r.rider_id) ?? null),
  };
}

function timedLine(base: Line, r: TimedRow): Line {
  return {
    ...base, position: String(r.position), rider_id: r.rider_id, name: r.name, plate: r.plate ?? '', status: r.status, laps: String(r.laps),
    time: seconds(r.total_ms), result: r.result_text, behind: r.behind_text, fastest_lap: seconds(r.best_lap_ms), fastest_lap_number: num(r.best_lap_number),
    avg_lap: seconds(r.avg_lap_ms), consistency: r.consistency_pct === null ? '' : r.consistency_pct.toFixed(2),
  };
}

function practiceLine(base: Line, r: PracticeRow): Line {
  return {
    ...base, position: String(r.position), rider_id: r.rider_id ?? '', name: r.name, plate: r.plate ?? '', laps: String(r.laps),
    fastest_lap: seconds(r.best_lap_ms), fastest_lap_number: num(r.best_lap_number), avg_lap: seconds(r.avg_lap_ms),
  };
}

/** Each BMX rider's points total in the race's class, from the class standings (the engine's sum over its finished motos). */
export function motoTotals(standings: readonly Standings[], race: RaceView): Map<string, number | null> {
  const table = standings.find((s) => s.format === 'bmx' && s.class_id === race.class_id);
  return new Map((table?.rows ?? []).map((r) => [r.rider_id, r.total_points]));
}

export function raceLines(event: EventView, race: RaceView, standings: readonly Standings[]): Line[] {
  const base = raceContext(event, race);
  switch (race.format) {
    case 'bmx': {
      const totals = race.status === 'finished' ? motoTotals(standings, race) : new Map<string, number | null>();
      return bmxOrder(race.rows).map((r) => bmxLine(base, r, totals));
    }
    case 'timed':
      return race.rows.map((r) => timedLine(base, r));
    case 'practice':
      return race.rows.map((r) => practiceLine(base, r));
  }
}

function standingLine(base: Line, s: Standings, r: StandingRow): Line {
  return {
    ...base, position: String(r.position), rider_id: r.rider_id, name: r.name, plate: r.plate ?? '',
    points: s.format === 'bmx' ? num(r.total_points) : '', result: r.best_text,
    results: r.results.map((x) => (s.format === 'bmx' ? (x.points === null ? x.result_text : String(x.points)) : x.result_text)).join(' '),
  };
}

export function standingLines(event: EventView, s: Standings): Line[] {
  const base: Line = { ...emptyLine(), section: 'standings', event_id: s.event_id, class_id: s.class_id ?? '', class: className(event, s.class_id), format: s.format };
  return s.rows.map((r) => standingLine(base, s, r));
}
