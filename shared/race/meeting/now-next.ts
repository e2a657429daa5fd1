/** @module "Now and next" for the announcer and the staging lane: the race at the gate and the next two to call up, from the running order and each race's progress. */

/** `skipped`: nothing left to run (every rider transferred) or struck off by race control. */
export type RaceProgress = 'staged' | 'running' | 'finished' | 'skipped';

export interface NowAndNext<T> {
  /** Racing now (BMX motos can overlap: the next gate drops while the last moto finishes). */
  running: T[];
  /** The staged race, else the first not yet run. */
  at_gate: T | null;
  /** The next two not yet run after the one at the gate, in running order. */
  staging: T[];
}

/** Works on any running-order entry with a race id: sheet motos, proposed mains, RC heats. */
export function nowAndNext<T extends { race_id: string }>(order: readonly T[], progress: Readonly<Record<string, RaceProgress | undefined>>, staging = 2): NowAndNext<T> {
  const running = order.filter((r) => progress[r.race_id] === 'running');
  const staged = order.find((r) => progress[r.race_id] === 'staged');
  const notRun = order.filter((r) => progress[r.race_id] === undefined);
  const at_gate = staged ?? notRun[0] ?? null;
  return { running, at_gate, staging: notRun.filter((r) => r !== at_gate).slice(0, staging) };
}
