/** @module Gate lanes for a moto's riders across its rounds: round 1 drawn, later rounds rotated so riders take inside, middle and outside gates in turn. */
import type { Rng } from '../../random/index.ts';

/**
 * How far each rider moves along the gate from one round to the next: about a `rounds`-th of the
 * riders, so three rounds of eight put a rider in lanes like 1, 4, 7 or 6, 1, 4. Chosen so no
 * rider meets the same lane twice when there are at least as many riders as rounds.
 */
export function rotationStep(riders: number, rounds: number): number {
  if (riders <= 1) return 0;
  const wanted = Math.max(1, Math.round(riders / rounds));
  const candidates = [wanted, ...Array.from({ length: riders - 1 }, (_, i) => i + 1)];
  const distinct = (step: number) => {
    for (let r = 1; r < Math.min(rounds, riders); r++) if ((r * step) % riders === 0) return false;
    return true;
  };
  return candidates.find(distinct) ?? 1;
}

/**
 * Lanes per round for riders given in their round-1 lane order (`firstRound[i]` rides lane i + 1):
 * `result[round - 1][i]` is the lane of `firstRound[i]` in that round. A moto of m riders uses
 * lanes 1..m in every round.
 */
export function rotateLanes(riders: number, rounds: number): number[][] {
  const step = rotationStep(riders, rounds);
  return Array.from({ length: rounds }, (_, r) => Array.from({ length: riders }, (_, i) => ((i + r * step) % riders) + 1));
}

/** The round-1 draw: a seeded shuffle of the moto's riders onto lanes 1..m. */
export function drawFirstRound<T>(riders: readonly T[], rng: Rng): T[] {
  return rng.sample(riders, riders.length);
}
