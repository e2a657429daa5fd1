/**
 * @module How many decoder passings a second the live feed sends one by one. A real track peaks at a
 * few a second (a BMX finish, a full practice); a runaway or replayed decoder sends thousands, and
 * sending each to every phone would spend the box's CPU on a strip nobody can read. Past the budget
 * the feed sends a summary a second instead, and the log and the race engine still see every passing.
 */
import { performance } from 'node:perf_hooks';

export interface PassingBudgetOptions {
  /** Passings a second sent one by one, sustained. */
  perSecond: number;
  /** How many may go at once after a quiet spell (a whole BMX gate finishing together). */
  burst: number;
  /** Monotonic milliseconds. */
  clock?: () => number;
}

export const DEFAULT_PASSING_BUDGET: PassingBudgetOptions = { perSecond: 50, burst: 100 };

/** A token bucket: `take()` is true while the budget holds, and counts what it turns away. */
export class PassingBudget {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #clock: () => number;
  #tokens: number;
  #at: number;
  #skipped = 0;
  #skippedTotal = 0;

  constructor(options: PassingBudgetOptions = DEFAULT_PASSING_BUDGET) {
    if (!(options.perSecond > 0 && options.burst >= 1)) throw new RangeError(`passing budget needs perSecond > 0 and burst >= 1, got ${JSON.stringify(options)}`);
    this.#perMs = options.perSecond / 1000;
    this.#burst = options.burst;
    this.#clock = options.clock ?? (() => performance.now());
    this.#tokens = options.burst;
    this.#at = this.#clock();
  }

  take(): boolean {
    const now = this.#clock();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    this.#skipped++;
    this.#skippedTotal++;
    return false;
  }

  /** Passings turned away since the last call; resets the count. */
  drainSkipped(): number {
    const skipped = this.#skipped;
    this.#skipped = 0;
    return skipped;
  }

  /** Every passing turned away this run. */
  get skippedTotal(): number {
    return this.#skippedTotal;
  }
}
