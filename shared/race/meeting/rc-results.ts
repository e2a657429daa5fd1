/** @module RC qualifying results as ranking reads them: one row per driver per round, from the engine's timed rows and laps. */
import type { LapView, TimedRow } from '../views.ts';

export interface QualifierRow {
  rider_id: string;
  laps: number;
  total_ms: number | null;
  /** Counted laps 1..N in order (needed by the consecutive-laps method). */
  lap_ms: number[];
}

/** Every heat of one qualifying round together: a round position is across its heats. */
export interface QualifyingRound {
  round: number;
  rows: QualifierRow[];
}

/** A driver's round from the engine: the timed row, and the laps of `GET /api/races/:id` (rejected crossings left out). */
export function qualifierRow(row: Pick<TimedRow, 'rider_id' | 'laps' | 'total_ms'>, laps: readonly Pick<LapView, 'lap' | 'lap_ms' | 'rejected'>[] = []): QualifierRow {
  return { rider_id: row.rider_id, laps: row.laps, total_ms: row.total_ms, lap_ms: laps.filter((l) => !l.rejected && l.lap > 0).map((l) => l.lap_ms) };
}

/** Laps, then time: more laps ahead, then the shorter time; no laps at all is last. */
export function compareRun(a: Pick<QualifierRow, 'laps' | 'total_ms'>, b: Pick<QualifierRow, 'laps' | 'total_ms'>): number {
  return b.laps - a.laps || (a.laps === 0 ? 0 : (a.total_ms ?? Infinity) - (b.total_ms ?? Infinity));
}

export const byRiderId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Each driver's rounds, in round order. */
export function roundsByDriver(rounds: readonly QualifyingRound[]): Map<string, { round: number; row: QualifierRow }[]> {
  const out = new Map<string, { round: number; row: QualifierRow }[]>();
  for (const r of [...rounds].sort((a, b) => a.round - b.round)) {
    for (const row of r.rows) {
      const list = out.get(row.rider_id) ?? [];
      list.push({ round: r.round, row });
      out.set(row.rider_id, list);
    }
  }
  return out;
}
