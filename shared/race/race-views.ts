/** @module Race state to what boards show: BMX lanes and finish order, timed running order with LiveRC's figures (behind the car ahead, consistency), the practice board. */
import { formatBehind, formatLapsTime, usToMs } from './format.ts';
import { averageLapMs, bestLapAtUs, consistency, firstFullLap, fullLapsUs } from './lap-figures.ts';
import { rejectedCount } from './competitors.ts';
import type { Competitor, RaceState } from './state.ts';
import type { BmxRaceView, BmxRow, PracticeRaceView, PracticeRow, PracticeStats, RaceView, TimedRaceView, TimedRow } from './views.ts';

function base(race: RaceState) {
  return {
    race_id: race.race_id,
    event_id: race.event_id,
    class_id: race.class_id,
    name: race.name,
    round: race.round,
    status: race.status,
    staged_at_us: race.staged_at_us,
    started_at_us: race.started_at_us,
    finished_at_us: race.finished_at_us,
    finish_reason: race.finish_reason,
    corrections: race.corrections,
    revision: race.revision,
  };
}

/** Finishers by finish time (lane breaks a dead heat to the µs), as places 1, 2, 3 …. */
export function bmxPlaces(race: RaceState): Map<string, number> {
  const finishers = race.competitors.filter((c) => c.finished).sort((a, b) => a.finish_us! - b.finish_us! || (a.lane ?? 0) - (b.lane ?? 0));
  return new Map(finishers.map((c, i) => [c.key, i + 1]));
}

function bmxView(race: RaceState): BmxRaceView {
  const places = bmxPlaces(race);
  const winner = race.competitors.find((c) => places.get(c.key) === 1);
  const field = race.competitors.length;
  const done = race.status === 'finished';
  const rows: BmxRow[] = race.competitors.map((c) => {
    const place = places.get(c.key) ?? null;
    let status: BmxRow['status'] = race.started_at_us === null || race.status === 'reset' ? 'staged' : 'riding';
    if (c.finished) status = 'finished';
    else if (done) status = c.seen ? 'dnf' : 'dns';
    const points = place ?? (status === 'dnf' ? field : status === 'dns' ? field + 1 : null);
    return {
      lane: c.lane ?? 0,
      rider_id: c.rider_id ?? c.key,
      name: c.name,
      plate: c.plate,
      transponder: c.transponders[0] ?? null,
      status,
      place,
      elapsed_ms: c.finish_us !== null ? usToMs(c.finish_us - race.started_at_us!) : null,
      gap_ms: c.finish_us !== null && winner ? usToMs(c.finish_us - winner.finish_us!) : null,
      points,
    };
  });
  rows.sort((a, b) => a.lane - b.lane);
  return { ...base(race), format: 'bmx', gate: race.gate, settings: { min_time_ms: race.settings.min_time_ms, max_time_ms: race.settings.max_time_ms }, rows };
}

/** Laps and the per-lap figures over full laps (lap-figures.ts); consistency only where a board shows it. */
function lapStats(c: Competitor, from: number, withConsistency: boolean) {
  const laps = c.laps.length;
  const full = Math.max(0, laps - from);
  return {
    laps,
    last_lap_ms: laps > 0 ? usToMs(c.laps[laps - 1]!.lap_us) : null,
    best_lap_ms: c.best_us !== null ? usToMs(c.best_us) : null,
    best_lap_number: c.best_lap,
    best_lap_at_us: bestLapAtUs(c),
    avg_lap_ms: averageLapMs(c.sum_us, full),
    consistency_pct: withConsistency ? (consistency(fullLapsUs(c, from))?.pct ?? null) : null,
    rejected_laps: rejectedCount(c),
  };
}

/**
 * Rows kept on the competitor under a symbol: JSON.stringify skips symbol keys, so the cache
 * never enters a snapshot, and a resumed engine builds equal rows afresh. A row is never
 * changed once built (events hold it); a changed row is a new object.
 */
const ROW = Symbol('row');

interface TimedRowCache {
  laps: number;
  rejected: number;
  last: number | null;
  name: string;
  position: number;
  status: TimedRow['status'];
  aheadLaps: number;
  aheadTotal: number | null;
  row: TimedRow;
}

/** The car directly ahead in the running order: LiveRC measures Behind to it, not to the leader. */
interface Ahead {
  laps: number;
  total: number | null;
}

type WithRow<T> = Competitor & { [ROW]?: T };

/** Timed rows are reused while the car, its place and the car it is measured against stand still. */
function timedRow(c: WithRow<TimedRowCache>, total: number | null, position: number, status: TimedRow['status'], ahead: Ahead | null, from: number): TimedRow {
  const cached = c[ROW];
  const aheadLaps = ahead?.laps ?? -1;
  const aheadTotal = ahead?.total ?? null;
  if (
    cached && cached.laps === c.laps.length && cached.rejected === rejectedCount(c) && cached.last === c.last_us && cached.name === c.name &&
    cached.position === position && cached.status === status && cached.aheadLaps === aheadLaps && cached.aheadTotal === aheadTotal
  ) return cached.row;
  const totalMs = total !== null ? usToMs(total) : null;
  let behindLaps: number | null = null;
  let behindMs: number | null = null;
  if (ahead) {
    behindLaps = ahead.laps - c.laps.length;
    // Measured between the totals as printed, so the column adds up with the Laps/Time column. Two non-starters: 0.000, as LiveRC prints it.
    if (behindLaps === 0) behindMs = totalMs !== null && ahead.total !== null ? totalMs - usToMs(ahead.total) : 0;
  }
  const row: TimedRow = {
    position,
    rider_id: c.rider_id ?? c.key,
    name: c.name,
    plate: c.plate,
    transponder: c.transponders[0] ?? null,
    status,
    total_ms: totalMs,
    result_text: formatLapsTime(c.laps.length, totalMs),
    ...lapStats(c, from, true),
    behind_laps: behindLaps,
    behind_ms: behindMs,
    behind_text: formatBehind(behindLaps, behindMs),
  };
  c[ROW] = { laps: c.laps.length, rejected: rejectedCount(c), last: c.last_us, name: c.name, position, status, aheadLaps, aheadTotal, row };
  return row;
}

function timedView(race: RaceState): TimedRaceView {
  const done = race.status === 'finished';
  const order = race.competitors.map((c, index) => ({ c, index, total: c.laps.length > 0 ? c.last_us! - c.start_us! : null }));
  order.sort((a, b) => b.c.laps.length - a.c.laps.length || (a.total ?? Infinity) - (b.total ?? Infinity) || a.index - b.index);
  const from = firstFullLap(race);
  const rows: TimedRow[] = order.map(({ c, total }, i) => {
    const status: TimedRow['status'] = c.finished ? 'finished' : c.start_us !== null ? (done ? 'dnf' : 'racing') : done ? 'dns' : 'waiting';
    const ahead = i > 0 ? { laps: order[i - 1]!.c.laps.length, total: order[i - 1]!.total } : null;
    return timedRow(c, total, i + 1, status, ahead, from);
  });
  const s = race.settings;
  const view = base(race) as TimedRaceView;
  view.format = 'timed';
  view.settings = { duration_ms: s.duration_ms, min_lap_ms: s.min_lap_ms, overtime_ms: s.overtime_ms, start_mode: s.start_mode };
  view.ends_at_us = race.started_at_us !== null ? race.started_at_us + s.duration_ms * 1000 : null;
  view.rows = rows;
  return view;
}

interface PracticeRowCache {
  laps: number;
  rejected: number;
  last: number | null;
  name: string;
  row: PracticeRow;
}

/** A long practice re-ranks 20-odd cars on every crossing, and only one of them moved. */
function practiceRow(c: WithRow<PracticeRowCache>, position: number): PracticeRow {
  const cached = c[ROW];
  if (cached && cached.laps === c.laps.length && cached.rejected === rejectedCount(c) && cached.last === c.last_us && cached.name === c.name) {
    if (cached.row.position === position) return cached.row;
    cached.row = { ...cached.row, position };
    return cached.row;
  }
  const { laps, last_lap_ms, best_lap_ms, best_lap_number, best_lap_at_us, avg_lap_ms, rejected_laps } = lapStats(c, 0, false);
  const row: PracticeRow = { position, transponder: c.transponders[0] ?? 0, rider_id: c.rider_id, name: c.name, plate: c.plate, laps, last_lap_ms, best_lap_ms, best_lap_number, best_lap_at_us, avg_lap_ms, rejected_laps };
  c[ROW] = { laps: c.laps.length, rejected: rejectedCount(c), last: c.last_us, name: c.name, row };
  return row;
}

/** The last board order per race: sorting an almost sorted array is nearly linear. */
const boardOrder = new WeakMap<RaceState, { of: Competitor[]; order: Competitor[] }>();

/** Competitors are only appended to a board (a rebuild makes a new array), so the last order plus the newcomers is the starting point. */
function startingOrder(race: RaceState): Competitor[] {
  const last = boardOrder.get(race);
  if (!last || last.of !== race.competitors) return [...race.competitors];
  return last.order.length === race.competitors.length ? [...last.order] : [...last.order, ...race.competitors.slice(last.order.length)];
}

/** Stable, and linear on the almost sorted boards it gets: one car moved since the last crossing. */
function insertionSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    while (j >= 0 && compare(items[j]!, item) > 0) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

const byBestLap = (a: Competitor, b: Competitor) => (a.best_us ?? Infinity) - (b.best_us ?? Infinity) || b.laps.length - a.laps.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function practiceView(race: RaceState): PracticeRaceView {
  const order = insertionSort(startingOrder(race), byBestLap);
  boardOrder.set(race, { of: race.competitors, order });
  let totalLaps = 0;
  const rows: PracticeRow[] = order.map((c, i) => {
    totalLaps += c.laps.length;
    return practiceRow(c, i + 1);
  });
  const best = order[0];
  const stats: PracticeStats = {
    total_laps: totalLaps,
    drivers: rows.length,
    best: best && best.best_us !== null ? { transponder: best.transponders[0] ?? 0, name: best.name, lap_ms: usToMs(best.best_us), lap: best.best_lap!, at_us: bestLapAtUs(best)! } : null,
  };
  // Only when it happened: a board with room reads (and digests) exactly as before.
  if (race.off_board) stats.off_board = race.off_board;
  const view = base(race) as PracticeRaceView;
  view.format = 'practice';
  view.settings = { min_lap_ms: race.settings.min_lap_ms };
  view.rows = rows;
  view.stats = stats;
  return view;
}

/** Views by race and revision: standings re-read every finished race of a class, and a view never changes once built. */
const views = new WeakMap<RaceState, { revision: number; view: RaceView }>();

export function raceView(race: RaceState): RaceView {
  const cached = views.get(race);
  if (cached && cached.revision === race.revision) return cached.view;
  const view = race.format === 'bmx' ? bmxView(race) : race.format === 'timed' ? timedView(race) : practiceView(race);
  views.set(race, { revision: race.revision, view });
  return view;
}
