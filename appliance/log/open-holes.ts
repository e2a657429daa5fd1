/** @module Passing numbers a decoder's current epoch is still missing, as sorted ranges: what to ask the decoder for again after a restart or a reconnect. */

/** Inclusive `[from, to]`, sorted and disjoint. */
export type Hole = [from: number, to: number];

/**
 * Kept per decoder: a decoder that never answers RESEND leaves every gap open, and this many
 * ranges is months of a flaky link; past it the oldest are let go (the GAP envelopes still
 * record them).
 */
export const MAX_OPEN_HOLES = 256;

export function withHole(holes: readonly Hole[], from: number, to: number): Hole[] {
  const out = [...holes, [from, to] as Hole].sort((a, b) => a[0] - b[0]);
  const merged: Hole[] = [];
  for (const [f, t] of out) {
    const last = merged.at(-1);
    if (last && f <= last[1] + 1) last[1] = Math.max(last[1], t);
    else merged.push([f, t]);
  }
  return merged.length > MAX_OPEN_HOLES ? merged.slice(merged.length - MAX_OPEN_HOLES) : merged;
}

/** `holes` less the number `n` (a late passing filled it): unchanged when no hole held it. */
export function withoutNumber(holes: readonly Hole[], n: number): readonly Hole[] {
  const i = holes.findIndex(([f, t]) => n >= f && n <= t);
  if (i < 0) return holes;
  const [f, t] = holes[i]!;
  const parts: Hole[] = [];
  if (f < n) parts.push([f, n - 1]);
  if (n < t) parts.push([n + 1, t]);
  return [...holes.slice(0, i), ...parts, ...holes.slice(i + 1)];
}
