/** @module The box's clock as seen from the phone: estimated from each live message's `ts_us`, so race clocks run on box time. */

const SAMPLES_KEPT = 30;

/**
 * A box without internet has no NTP and may run seconds or hours off; the phone's clock is
 * usually right. Each message says when the box sent it, so `ts - receivedAt` underestimates
 * the offset by the network delay: the largest recent sample is the closest estimate.
 */
export class ClockSync {
  private samples: number[] = [];
  private best: number | null = null;

  constructor(private readonly phoneNow: () => number = () => Date.now()) {}

  /** Records one message's send time (µs, box clock) at the moment it arrived. */
  sample(tsUs: number, receivedAtMs: number = this.phoneNow()): void {
    if (!Number.isFinite(tsUs) || tsUs <= 0) return;
    this.samples.push(tsUs / 1000 - receivedAtMs);
    if (this.samples.length > SAMPLES_KEPT) this.samples.shift();
    this.best = Math.max(...this.samples);
  }

  /** Box clock minus phone clock, ms; 0 until a message has arrived. */
  get offsetMs(): number {
    return this.best ?? 0;
  }

  get known(): boolean {
    return this.best !== null;
  }

  /** The box's current time in ms since 1970. */
  boxNowMs(): number {
    return this.phoneNow() + this.offsetMs;
  }

  /** Milliseconds from a box timestamp (µs) until now on the box clock. */
  sinceUs(tsUs: number): number {
    return this.boxNowMs() - tsUs / 1000;
  }
}
