/**
 * @module The box's own time between the cloud's answer and its next request (reading the next
 * batch, saving the cursor), measured as it happens; time spent waiting for commits or backing
 * off is not counted.
 */
import { performance } from 'node:perf_hooks';

export class BetweenBatches {
  private answeredAt: number | undefined;
  private totalMs = 0;
  private gaps = 0;

  answered(): void {
    this.answeredAt = performance.now();
  }

  /** The loop waits on purpose (nothing to send, or a backoff): not the box's work. */
  idle(): void {
    this.answeredAt = undefined;
  }

  sending(): void {
    if (this.answeredAt !== undefined) {
      this.totalMs += performance.now() - this.answeredAt;
      this.gaps++;
    }
    this.answeredAt = undefined;
  }

  /** Mean ms over this run's back-to-back requests, to 0.01 ms; null before two have gone. */
  meanMs(): number | null {
    return this.gaps === 0 ? null : Math.round((this.totalMs / this.gaps) * 100) / 100;
  }
}
