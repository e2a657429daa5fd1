/**
 * @module What the sync loop writes to the journal: one warning when the cloud goes away (with
 * the cause), at most one reminder every 5 minutes while it stays away, one info line once the
 * backlog is sent (how many envelopes, how long it was away), one error when the cloud refuses
 * the box for good. Never a line per retry: those are debug.
 */
import { monotonicMs, type Logger } from '../../shared/log/index.ts';

export const SYNC_REMINDER_MS = 5 * 60_000;

export class SyncOutageLog {
  private down = false;
  /** Since start, or since the cloud answered again after an outage, until the backlog is sent. */
  private catchingUp = true;
  private answeredOnce = false;
  private downSince = 0;
  private awayMs: number | undefined;
  private lastWarnAt = 0;
  private attempts = 0;
  private drained = 0;

  constructor(
    private readonly log: Logger,
    private readonly url: string,
    private readonly intervalMs = SYNC_REMINDER_MS,
    private readonly clock = monotonicMs,
  ) {}

  /** An attempt failed and the next one is `retryInMs` away; `unsent` envelopes wait in the log. */
  failed(cause: string, retryInMs: number, unsent: number): void {
    const now = this.clock();
    this.attempts++;
    if (this.down) {
      if (now - this.lastWarnAt >= this.intervalMs) {
        this.lastWarnAt = now;
        this.log.warn('cloud still unreachable, sync retrying', { url: this.url, cause, away_s: this.seconds(now - this.downSince), attempts: this.attempts, unsent });
      } else {
        this.log.debug('sync attempt failed', { url: this.url, cause, attempt: this.attempts, retry_in_ms: retryInMs });
      }
      return;
    }
    this.down = true;
    // Failing again before the backlog from the last outage is sent: the same outage, already reported.
    if (this.awayMs !== undefined && this.catchingUp) return;
    this.downSince = this.lastWarnAt = now;
    this.attempts = 1;
    this.drained = 0;
    this.awayMs = undefined;
    this.catchingUp = true;
    const message = this.answeredOnce ? 'cloud unreachable, sync backing off' : 'cloud unreachable at start, sync backing off';
    this.log.warn(message, { url: this.url, cause, retry_in_ms: retryInMs, unsent });
  }

  /** The cloud took a batch; `acknowledged` envelopes of it moved the cursor. */
  succeeded(acknowledged: number): void {
    this.answeredOnce = true;
    if (this.down) {
      this.down = false;
      this.awayMs = this.clock() - this.downSince;
    }
    if (this.catchingUp) this.drained += acknowledged;
  }

  /** Nothing is left to send. */
  caughtUp(): void {
    if (!this.catchingUp || this.down) return;
    this.catchingUp = false;
    if (this.awayMs !== undefined) {
      this.log.info('cloud sync caught up after an outage', { url: this.url, drained: this.drained, away_s: this.seconds(this.awayMs), attempts: this.attempts });
    } else if (this.drained > 0) {
      this.log.info('cloud sync caught up with the backlog', { url: this.url, drained: this.drained });
    }
    this.awayMs = undefined;
    this.drained = 0;
  }

  /** The cloud refused the box in a way retrying cannot fix; the loop stops. */
  refused(cause: string, fields: Record<string, string | number>): void {
    this.log.error('cloud sync refused, stopped until the box restarts', { url: this.url, cause, ...fields });
  }

  private seconds(ms: number): number {
    return Math.round(ms / 1000);
  }
}
