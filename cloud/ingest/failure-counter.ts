/**
 * @module Failures counted per key (an address, a user name) until the key is blocked for a while:
 * the one counter behind every cloud door (box tokens, portal logins, member imports), with bounded
 * memory (the longest untouched keys are forgotten first).
 */
import { monotonicMs } from '../../shared/log/index.ts';

export interface FailureCounterOptions {
  /** Failures a key may have before it is blocked. */
  maxFailures: number;
  /** How long a blocked key is refused; failures older than this are forgotten. */
  blockMs: number;
  /** Keys remembered at once. */
  maxKeys?: number;
  clock?: () => number;
}

interface KeyState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export class FailureCounter {
  readonly #keys = new Map<string, KeyState>();
  readonly #clock: () => number;

  constructor(private readonly options: FailureCounterOptions) {
    this.#clock = options.clock ?? monotonicMs;
  }

  /** Milliseconds the key is still blocked for, 0 when it is not. */
  blockedMs(key: string): number {
    const state = this.#keys.get(key);
    return state ? Math.max(0, state.blockedUntil - this.#clock()) : 0;
  }

  /** Counts one failure; returns the block it caused in milliseconds (0: not blocked yet). */
  fail(key: string): number {
    const { maxFailures, blockMs } = this.options;
    const now = this.#clock();
    const state = this.#keys.get(key);
    const fresh = !state || now - state.lastFailureAt > blockMs;
    const failures = (fresh ? 0 : state.failures) + 1;
    const blockedUntil = failures >= maxFailures ? now + blockMs : 0;
    // The block uses up the failures that caused it: after it, the key gets a fresh count.
    this.#keys.delete(key);
    this.#keys.set(key, { failures: blockedUntil ? 0 : failures, lastFailureAt: now, blockedUntil });
    while (this.#keys.size > (this.options.maxKeys ?? 10_000)) this.#keys.delete(this.#keys.keys().next().value!);
    return blockedUntil ? blockMs : 0;
  }

  clear(key: string): void {
    this.#keys.delete(key);
  }

  /** Keys held in memory, for tests and status. */
  get size(): number {
    return this.#keys.size;
  }
}
