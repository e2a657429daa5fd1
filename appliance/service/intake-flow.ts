/** @module Backpressure from the log to the decoder links: reading is held while too many records wait to become durable. */
import type { FlowStats } from '../../shared/contracts/status.ts';
import { createLogger } from '../../shared/log/index.ts';

const log = createLogger('appliance:intake');

export interface Holdable {
  pause(): void;
  resume(): void;
}

export interface FlowLimits {
  /** Records read but not yet durable at which every link stops reading. */
  high: number;
  /** Reading starts again once this few are left. */
  low: number;
}

/**
 * A decoder keeps its own passings, so holding the socket loses nothing while the log catches
 * up; reading as fast as TCP delivers instead grew memory without bound under a flood and lost
 * everything read but not yet written on a kill -9. One TCP read can carry over a thousand frames,
 * so the bound is `high` plus one read. Kept small: records in flight when V8 scavenges are
 * promoted to the old generation, and a deep window made memory saw-tooth under a flood.
 */
export class IntakeFlow {
  #inFlight = 0;
  #held = false;
  #holds = 0;
  #highWater = 0;
  readonly #release = () => this.#settle();

  constructor(
    private readonly links: readonly Holdable[],
    private readonly limits: FlowLimits = { high: 256, low: 64 },
  ) {
    if (!(limits.low >= 0 && limits.low < limits.high)) throw new RangeError(`flow limits need 0 <= low < high, got ${JSON.stringify(limits)}`);
  }

  /** Counts one record until `done` settles (durable or refused either way). */
  track(done: Promise<unknown>): void {
    this.#inFlight++;
    if (this.#inFlight > this.#highWater) this.#highWater = this.#inFlight;
    if (!this.#held && this.#inFlight >= this.limits.high) {
      this.#held = true;
      this.#holds++;
      if (this.#holds === 1) log.info('decoder reading held while the log catches up', { in_flight: this.#inFlight, high: this.limits.high });
      for (const link of this.links) link.pause();
    }
    done.then(this.#release, this.#release);
  }

  stats(): FlowStats {
    return { in_flight: this.#inFlight, held: this.#held, holds: this.#holds, high_water: this.#highWater };
  }

  #settle(): void {
    this.#inFlight--;
    if (this.#held && this.#inFlight <= this.limits.low) {
      this.#held = false;
      for (const link of this.links) link.resume();
    }
  }
}
