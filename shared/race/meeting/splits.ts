/** @module Splitting a class into motos that fit the gate, as evenly as possible (9 riders ride 5 + 4, never 8 + 1), and dealing riders into them. */

/** Moto sizes for `riders` on a gate of `gateSize` lanes: as few motos as fit, sizes differing by one at most, larger first. */
export function splitSizes(riders: number, gateSize = 8): number[] {
  if (riders <= 0) return [];
  const motos = Math.ceil(riders / gateSize);
  const small = Math.floor(riders / motos);
  const larger = riders - small * motos;
  return Array.from({ length: motos }, (_, i) => (i < larger ? small + 1 : small));
}

/**
 * Deals riders (best first) into motos of the given sizes in a serpentine — A B B A A B … —
 * so the fastest riders are shared out rather than stacked in one moto. A full moto is skipped.
 */
export function dealSerpentine<T>(ordered: readonly T[], sizes: readonly number[]): T[][] {
  if (ordered.length > sizes.reduce((a, b) => a + b, 0)) throw new RangeError('more riders than the motos hold');
  const out: T[][] = sizes.map(() => []);
  let index = 0;
  let step = 1;
  for (const item of ordered) {
    while (out[index]!.length >= sizes[index]!) index = nextIndex(index, step, sizes.length, (s) => (step = s));
    out[index]!.push(item);
    index = nextIndex(index, step, sizes.length, (s) => (step = s));
  }
  return out;
}

/** The next moto in the serpentine: at either end the direction turns and that end moto is dealt again. */
function nextIndex(index: number, step: number, count: number, turn: (step: number) => void): number {
  if (count === 1) return 0;
  const next = index + step;
  if (next < 0 || next >= count) {
    turn(-step);
    return index;
  }
  return next;
}
