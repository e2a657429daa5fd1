/** @module RC qualifying ranked by the meeting's method: best single round, best X of N rounds by round points, or best consecutive laps; the top driver is TQ. */
import { formatDuration, formatLapsTime } from '../format.ts';
import { byRiderId, compareRun, type QualifierRow, type QualifyingRound, roundsByDriver } from './rc-results.ts';

export type RcRankingMethod =
  | { kind: 'best_round' }
  /** Round points by position in the round (`first`, first − 1, …); the best `count` rounds count. */
  | { kind: 'round_points'; count: number; first?: number }
  | { kind: 'consecutive'; laps?: number };

export type RcTieRule = 'result' | 'next_best' | 'best_round' | 'set_first' | 'rider_id';

export interface RcRankRow {
  position: number;
  rider_id: string;
  tq: boolean;
  /** What the ranking went by: `12/5:03.123`, `297 pts`, `3: 1:02.345`. */
  result_text: string;
  /** Round points per round (round_points only), in round order; counted ones in `counted`. */
  round_points: number[] | null;
  counted: number[] | null;
  /** The round the ranking result came from (best round, best window). */
  best_round: number | null;
  separated_by: RcTieRule | null;
}

interface Entry {
  rider_id: string;
  /** The method's figure, lower is better. */
  result: number;
  /** Countback, best first: a missing one is behind any present. */
  next_best: number[];
  /** Further rules, the same ones in the same order for every driver of a method. */
  then: [RcTieRule, number][];
  row: Omit<RcRankRow, 'position' | 'tq' | 'separated_by'>;
}

type Run = { round: number; row: QualifierRow };

/** Runs best first; equal runs keep round order, so the first is the one set first. */
const bestFirst = (runs: Run[]) => [...runs].sort((a, b) => compareRun(a.row, b.row) || a.round - b.round);

/** One number per run that sorts like `compareRun`: more laps, then less time. */
const runKey = (row: QualifierRow) => (row.laps === 0 ? Infinity : -row.laps * 1e12 + (row.total_ms ?? 1e12 - 1));

function bestRoundEntry(rider_id: string, runs: Run[]): Entry {
  const sorted = bestFirst(runs);
  const best = sorted[0]!;
  // Equal best runs: the next best decides, then who set it first.
  const next_best = sorted.slice(1).map((run) => runKey(run.row));
  return { rider_id, result: runKey(best.row), next_best, then: [['set_first', best.round]], row: { rider_id, result_text: formatLapsTime(best.row.laps, best.row.total_ms), round_points: null, counted: null, best_round: best.round } };
}

/** Round positions across all heats of the round; a driver with no laps scores 0. */
function roundPoints(rounds: readonly QualifyingRound[], first: number): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of rounds) {
    const ranked = r.rows.filter((row) => row.laps > 0).sort((a, b) => compareRun(a, b) || byRiderId(a.rider_id, b.rider_id));
    let position = 0;
    ranked.forEach((row, i) => {
      // Equal laps and time share a position, as LiveTime scores a dead heat.
      if (i === 0 || compareRun(ranked[i - 1]!, row) !== 0) position = i + 1;
      const map = out.get(row.rider_id) ?? new Map<number, number>();
      map.set(r.round, Math.max(1, first - position + 1));
      out.set(row.rider_id, map);
    });
  }
  return out;
}

function roundPointsEntry(rider_id: string, runs: Run[], rounds: readonly QualifyingRound[], points: Map<number, number> | undefined, count: number): Entry {
  const perRound = [...rounds].sort((a, b) => a.round - b.round).map((r) => points?.get(r.round) ?? 0);
  const counted = [...perRound].sort((a, b) => b - a).slice(0, count);
  const total = counted.reduce((a, b) => a + b, 0);
  // Countback over every round, thrown-out ones too: the better best round, then the next.
  const next_best = [...perRound].sort((a, b) => b - a).map((p) => -p);
  const best = bestFirst(runs)[0];
  const then: [RcTieRule, number][] = [['best_round', best ? runKey(best.row) : Infinity]];
  return { rider_id, result: -total, next_best, then, row: { rider_id, result_text: `${total} pts`, round_points: perRound, counted, best_round: best?.round ?? null } };
}

/** The shortest sum of `k` consecutive counted laps in a run, or null with fewer laps. */
export function bestConsecutive(lapMs: readonly number[], k: number): number | null {
  if (lapMs.length < k) return null;
  let sum = lapMs.slice(0, k).reduce((a, b) => a + b, 0);
  let best = sum;
  for (let i = k; i < lapMs.length; i++) {
    sum += lapMs[i]! - lapMs[i - k]!;
    best = Math.min(best, sum);
  }
  return best;
}

function consecutiveEntry(rider_id: string, runs: Run[], k: number): Entry {
  const windows = runs.map((run) => ({ round: run.round, ms: bestConsecutive(run.row.lap_ms, k) })).filter((w) => w.ms !== null).sort((a, b) => a.ms! - b.ms! || a.round - b.round);
  const best = windows[0];
  const run = bestFirst(runs)[0]!;
  const then: [RcTieRule, number][] = [['best_round', runKey(run.row)], ['set_first', best?.round ?? run.round]];
  const text = best ? `${k}: ${formatDuration(best.ms!)}` : formatLapsTime(run.row.laps, run.row.total_ms);
  return { rider_id, result: best ? best.ms! : Infinity, next_best: windows.slice(1).map((w) => w.ms!), then, row: { rider_id, result_text: text, round_points: null, counted: null, best_round: best?.round ?? run.round } };
}

const sign = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);

/** The first rule that separates two drivers, and which way (negative: `a` ahead). */
function compareEntries(a: Entry, b: Entry): { order: number; rule: RcTieRule } {
  if (a.result !== b.result) return { order: sign(a.result, b.result), rule: 'result' };
  for (let i = 0; i < Math.max(a.next_best.length, b.next_best.length); i++) {
    const x = a.next_best[i] ?? Infinity;
    const y = b.next_best[i] ?? Infinity;
    if (x !== y) return { order: sign(x, y), rule: 'next_best' };
  }
  for (let i = 0; i < a.then.length; i++) {
    const [rule, x] = a.then[i]!;
    const y = b.then[i]![1];
    if (x !== y) return { order: sign(x, y), rule };
  }
  return { order: byRiderId(a.rider_id, b.rider_id), rule: 'rider_id' };
}

/** The class's qualifying order. Every driver in any round is ranked; TQ is position 1. */
export function rankQualifying(rounds: readonly QualifyingRound[], method: RcRankingMethod): RcRankRow[] {
  const byDriver = roundsByDriver(rounds);
  const points = method.kind === 'round_points' ? roundPoints(rounds, method.first ?? 100) : null;
  const entries = [...byDriver].map(([rider_id, runs]) => {
    if (method.kind === 'round_points') return roundPointsEntry(rider_id, runs, rounds, points!.get(rider_id), method.count);
    if (method.kind === 'consecutive') return consecutiveEntry(rider_id, runs, method.laps ?? 3);
    return bestRoundEntry(rider_id, runs);
  });
  entries.sort((a, b) => compareEntries(a, b).order);
  return entries.map((e, i) => ({ ...e.row, position: i + 1, tq: i === 0, separated_by: i === 0 ? null : compareEntries(entries[i - 1]!, e).rule }));
}
