/** @module Several A-mains scored together: position points per main (1 for a win), the best X counted, lowest total first, and a tie rule. */
import { byRiderId, compareRun, type QualifierRow } from './rc-results.ts';

export interface MainLeg {
  /** Finishing order of one A-main: position 1 first. */
  rows: Pick<QualifierRow, 'rider_id' | 'laps' | 'total_ms'>[];
}

export type MultiMainTieRule = 'total' | 'countback' | 'best_run' | 'qualified';

export interface MultiMainRow {
  position: number;
  rider_id: string;
  /** Points per leg (its finishing position; a driver missing from a leg scores its field + 1). */
  points: number[];
  counted: number[];
  total: number;
  separated_by: MultiMainTieRule | null;
}

interface Scored {
  rider_id: string;
  points: number[];
  counted: number[];
  total: number;
  best: Pick<QualifierRow, 'laps' | 'total_ms'> | null;
  qualified: number;
}

function compare(a: Scored, b: Scored): { order: number; rule: MultiMainTieRule } {
  if (a.total !== b.total) return { order: a.total - b.total, rule: 'total' };
  // Countback: more wins, then more seconds … over every leg, thrown-out ones too.
  const sa = [...a.points].sort((x, y) => x - y);
  const sb = [...b.points].sort((x, y) => x - y);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return { order: sa[i]! - sb[i]!, rule: 'countback' };
  const run = a.best && b.best ? compareRun(a.best, b.best) : 0;
  if (run !== 0) return { order: run, rule: 'best_run' };
  const q = a.qualified === b.qualified ? 0 : a.qualified < b.qualified ? -1 : 1;
  return { order: q || byRiderId(a.rider_id, b.rider_id), rule: 'qualified' };
}

/**
 * Scores the legs run so far. `count` is how many legs count (3 A-mains, best 2); with fewer
 * legs run, all of them count. `qualifying` is the qualifying order, the last tie rule.
 */
export function scoreMultipleMains(legs: readonly MainLeg[], count: number, qualifying: readonly string[]): MultiMainRow[] {
  const drivers = [...new Set([...qualifying, ...legs.flatMap((l) => l.rows.map((r) => r.rider_id))])];
  const scored: Scored[] = drivers.map((rider_id) => {
    const points = legs.map((leg) => {
      const at = leg.rows.findIndex((r) => r.rider_id === rider_id);
      return at >= 0 ? at + 1 : leg.rows.length + 1;
    });
    const counted = [...points].sort((x, y) => x - y).slice(0, Math.min(count, legs.length));
    const runs = legs.flatMap((leg) => leg.rows.filter((r) => r.rider_id === rider_id && r.laps > 0));
    const best = runs.sort(compareRun)[0] ?? null;
    const q = qualifying.indexOf(rider_id);
    return { rider_id, points, counted, total: counted.reduce((x, y) => x + y, 0), best, qualified: q >= 0 ? q + 1 : Infinity };
  });
  scored.sort((a, b) => compare(a, b).order);
  return scored.map((s, i) => ({ position: i + 1, rider_id: s.rider_id, points: s.points, counted: s.counted, total: s.total, separated_by: i === 0 ? null : compare(scored[i - 1]!, s).rule }));
}
