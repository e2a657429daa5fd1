/** @module RC mains from the qualifying order: A, B, C … of a set size, bump slots at the back of each main above another, filled when the lower main finishes. */

export interface RcMainsOptions {
  /** Cars on the grid of a main, bump slots included. */
  size: number;
  /** How many of each lower main start at the back of the next main up (0: none). */
  bumps: number;
  race_id_prefix?: string;
}

export type GridSlot =
  | { grid: number; rider_id: string; qualified: number; bump: null }
  /** Taken by the `bump.place` finisher of the main below; `rider_id` is null until that main is done. */
  | { grid: number; rider_id: string | null; qualified: null; bump: { from: string; place: number } };

export interface RcMain {
  race_id: string;
  letter: string;
  name: string;
  grid: GridSlot[];
}

/** A, B, … Z, then AA, AB …: a club meeting never gets near, but the name is always defined. */
export function mainLetter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/**
 * Mains for drivers in qualifying order (TQ first). The A-main takes the best, each main above
 * another keeps `bumps` places at the back; the last main takes who is left, up to `size`.
 */
export function buildRcMains(order: readonly string[], options: RcMainsOptions): RcMain[] {
  const { size } = options;
  const bumps = Math.min(options.bumps, size - 1);
  const direct: { first: number; drivers: string[] }[] = [];
  let at = 0;
  while (at < order.length) {
    const left = order.length - at;
    const take = left <= size ? left : size - bumps;
    direct.push({ first: at + 1, drivers: order.slice(at, at + take) });
    at += take;
  }
  return direct.map(({ first, drivers }, i) => {
    const letter = mainLetter(i);
    const below = i + 1 < direct.length ? mainLetter(i + 1) : null;
    const grid: GridSlot[] = drivers.map((rider_id, g) => ({ grid: g + 1, rider_id, qualified: first + g, bump: null }));
    if (below) for (let p = 1; p <= bumps; p++) grid.push({ grid: grid.length + 1, rider_id: null, qualified: null, bump: { from: below, place: p } });
    return { race_id: `${options.race_id_prefix ?? ''}${letter.toLowerCase()}-main`, letter, name: `${letter}-Main`, grid };
  });
}

/** Lower mains run first: the last letter first, the A-main last. */
export const rcMainsRunningOrder = (mains: readonly RcMain[]): RcMain[] => [...mains].reverse();

/**
 * Fills the bump slots that wait on main `letter` from its finishing order (rider ids, winner
 * first, as the timed race's positions give them). Returns new mains; the others are unchanged.
 */
export function fillBumps(mains: readonly RcMain[], letter: string, finishingOrder: readonly string[]): RcMain[] {
  return mains.map((main) => {
    if (!main.grid.some((s) => s.bump?.from === letter)) return main;
    const already = new Set(main.grid.filter((s) => s.bump === null).map((s) => s.rider_id));
    const movers = finishingOrder.filter((id) => !already.has(id));
    const grid = main.grid.map((slot): GridSlot => (slot.bump !== null && slot.bump.from === letter ? { ...slot, rider_id: movers[slot.bump.place - 1] ?? null } : slot));
    return { ...main, grid };
  });
}
