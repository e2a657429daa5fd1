/** @module RC qualifying worked out the way docs/race-meetings.md words it, from the laps a race recorded: a browser test's own reckoning to hold the page's order against. */

/** A crossing of `GET /api/races/:id`'s `laps`: lap 0 is a start crossing or no lap at all. */
export interface Lap {
  lap: number;
  lap_ms: number;
  rejected: boolean;
}

/** A driver's run in one round: counted laps and their time. */
export interface Run {
  round: number;
  laps: number;
  total_ms: number | null;
}

/** Laps 1..N counted (lap 0 is no lap), and the time as the sum of them: docs/race-engine.md's laps/time. */
export function runOf(round: number, laps: readonly Lap[]): Run {
  const counted = laps.filter((l) => l.lap > 0 && !l.rejected);
  return { round, laps: counted.length, total_ms: counted.length === 0 ? null : counted.reduce((s, l) => s + l.lap_ms, 0) };
}

/** More laps first, then the shorter time; a run without laps behind every run with some. */
export function compareRuns(a: Run, b: Run): number {
  if (a.laps !== b.laps) return b.laps - a.laps;
  if (a.laps === 0) return 0;
  return (a.total_ms ?? Infinity) - (b.total_ms ?? Infinity);
}

export interface Ranked {
  rider_id: string;
  /** The driver's best run (best round), or their counted round points (round points). */
  best: Run;
  points: number[] | null;
  total: number | null;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Best round: the best run; then the next best, and so on; then the round it was set in first; then rider id. */
export function bestRound(runs: Map<string, Run[]>): Ranked[] {
  const sorted = [...runs].map(([rider_id, list]) => ({ rider_id, list: [...list].sort((a, b) => compareRuns(a, b) || a.round - b.round) }));
  sorted.sort((a, b) => {
    for (let i = 0; i < Math.max(a.list.length, b.list.length); i++) {
      const x = a.list[i];
      const y = b.list[i];
      if (!x || !y) return x ? -1 : y ? 1 : 0;
      const order = compareRuns(x, y);
      if (order !== 0) return order;
    }
    return a.list[0]!.round - b.list[0]!.round || byId(a.rider_id, b.rider_id);
  });
  return sorted.map(({ rider_id, list }) => ({ rider_id, best: list[0]!, points: null, total: null }));
}

/**
 * Round points: a round's place over all its heats scores `first`, `first` − 1 … (equal runs share
 * a place; never below 1, 0 without laps); the best `count` rounds count. Then countback over every
 * round's points, then the best run, then rider id.
 */
export function roundPoints(runs: Map<string, Run[]>, rounds: number[], count: number, first = 100): Ranked[] {
  const points = new Map<string, number[]>([...runs.keys()].map((id) => [id, []]));
  for (const round of rounds) {
    const field = [...runs].map(([id, list]) => ({ id, run: list.find((r) => r.round === round) })).filter((x) => x.run && x.run.laps > 0);
    field.sort((a, b) => compareRuns(a.run!, b.run!));
    for (const [id, list] of points) {
      const at = field.findIndex((x) => x.id === id);
      const place = at < 0 ? 0 : field.findIndex((x) => compareRuns(x.run!, field[at]!.run!) === 0) + 1;
      list.push(place === 0 ? 0 : Math.max(1, first - place + 1));
    }
  }
  const rows = [...runs].map(([rider_id, list]) => {
    const all = points.get(rider_id)!;
    const desc = [...all].sort((a, b) => b - a);
    const best = [...list].sort((a, b) => compareRuns(a, b) || a.round - b.round)[0]!;
    return { rider_id, best, points: all, total: desc.slice(0, count).reduce((s, p) => s + p, 0), desc };
  });
  rows.sort((a, b) => {
    if (a.total !== b.total) return b.total - a.total;
    for (let i = 0; i < a.desc.length; i++) if (a.desc[i] !== b.desc[i]) return b.desc[i]! - a.desc[i]!;
    return compareRuns(a.best, b.best) || byId(a.rider_id, b.rider_id);
  });
  return rows.map(({ rider_id, best, points: p, total }) => ({ rider_id, best, points: p, total }));
}
