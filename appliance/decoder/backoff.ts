/** @module Reconnect delays: capped exponential growth from ~250 ms, with jitter so a fleet of boxes does not retry in step. */

export interface BackoffOptions {
  maxMs: number;
  initialMs?: number;
  /** Uniform [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;

  constructor({ maxMs, initialMs = 250, random = Math.random }: BackoffOptions) {
    this.maxMs = Math.max(0, maxMs);
    this.initialMs = Math.min(Math.max(1, initialMs), this.maxMs);
    this.random = random;
  }

  /** The next delay: between half and all of the current ceiling, never above maxMs. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** this.attempt);
    // Stop counting once the cap is reached, so the exponent never overflows.
    if (ceiling < this.maxMs) this.attempt++;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
