/** @module Rate-limited warnings for the link, so `journalctl -p warning` shows an outage once, not once per retry. */
import { monotonicMs, RateLimitedWarning, REMINDER_MS, type Logger } from '../../shared/log/index.ts';

export { monotonicMs, REMINDER_MS };

/** Tracks one outage: the first failure warns, later ones remind at most once per interval. */
export class OutageLog {
  private down = false;
  private failures = 0;
  private downSince = 0;
  private lastWarnAt = 0;

  constructor(
    private readonly log: Logger,
    private readonly source: string,
    private readonly intervalMs = REMINDER_MS,
    private readonly clock = monotonicMs,
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  /** A connection ended (`wasConnected`) or an attempt failed; `retryMs` is the delay before the next one. */
  failed(reason: string, retryMs: number, wasConnected: boolean): void {
    const now = this.clock();
    if (!this.down) {
      this.down = true;
      this.downSince = this.lastWarnAt = now;
      this.failures = wasConnected ? 0 : 1;
      const message = wasConnected ? 'decoder link lost' : 'decoder unreachable';
      this.log.warn(message, { source: this.source, reason, retry_in_ms: retryMs });
      return;
    }
    this.failures++;
    if (now - this.lastWarnAt >= this.intervalMs) {
      this.lastWarnAt = now;
      const down_for_s = Math.round((now - this.downSince) / 1000);
      this.log.warn('decoder still unreachable', { source: this.source, attempts: this.failures, down_for_s, reason });
    } else {
      this.log.debug('decoder reconnect failed', { source: this.source, attempt: this.failures, reason, retry_in_ms: retryMs });
    }
  }

  /** The decoder is talking again: ends the outage, if there was one. */
  restored(): void {
    if (!this.down) return;
    const attempts = this.failures + 1;
    const down_for_s = Math.round((this.clock() - this.downSince) / 1000);
    this.log.info(`decoder link restored after ${attempts} attempt${attempts === 1 ? '' : 's'}`, { source: this.source, attempts, down_for_s });
    this.down = false;
    this.failures = 0;
  }
}

/** Counts refused frames and warns with a summary at most once per interval; the rest go out when the interval ends. */
export class BadFrameLog {
  private readonly warning: RateLimitedWarning;

  constructor(log: Logger, source: string, intervalMs = REMINDER_MS, clock = monotonicMs) {
    this.warning = new RateLimitedWarning(log, 'bad frames from decoder', { fields: { source }, tallyField: 'faults', intervalMs, clock });
  }

  add(fault: string, detail: string | undefined): void {
    this.warning.add({ last: detail }, fault);
  }

  flush(): void {
    this.warning.flush();
  }

  /** The link is stopping: no timer may outlive it. Pending counts stay for the next summary (and in the link status). */
  stop(): void {
    this.warning.stop();
  }
}
