/** @module A warning that repeats without flooding journald: the first line at once, then at most one summary with a count per interval. */
import type { Fields, FieldValue } from './format.ts';
import type { Logger } from './logger.ts';

/** Monotonic milliseconds: wall-clock jumps (NTP on first boot) must not silence or flood the log. */
export const monotonicMs = (): number => performance.now();

/** At most one line a minute for any repeated condition. */
export const REMINDER_MS = 60_000;

export interface RateLimitOptions {
  /** Fields every line carries (the decoder source, say). */
  fields?: Fields;
  /** Name of the field listing counts per kind (`faults=crc:3,truncated:1`). */
  tallyField?: string;
  intervalMs?: number;
  clock?: () => number;
}

/**
 * One kind of warning. The first occurrence after a quiet interval is written at once; the
 * rest are counted and written as one summary line (`count=N`, a tally per kind, the last
 * occurrence's fields) when the interval ends. A corrupted decoder stream that trips the same
 * check thousands of times a second costs a line a minute, and the count says how bad it was.
 */
export class RateLimitedWarning {
  private count = 0;
  private tally: Record<string, number> = {};
  private last: Fields | undefined;
  private lastWarnAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly log: Logger,
    private readonly message: string,
    private readonly options: RateLimitOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? REMINDER_MS;
    this.clock = options.clock ?? monotonicMs;
  }

  /** One occurrence; `kind` feeds the tally field when the warning has one. */
  add(fields?: Fields, kind?: string): void {
    this.count++;
    if (kind !== undefined) this.tally[kind] = (this.tally[kind] ?? 0) + 1;
    this.last = fields;
    const wait = this.lastWarnAt + this.intervalMs - this.clock();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait).unref();
  }

  /** Writes what is pending now, as one line. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.count === 0) return;
    this.lastWarnAt = this.clock();
    const line: Record<string, FieldValue> = { ...this.options.fields, count: this.count };
    if (this.options.tallyField) line[this.options.tallyField] = Object.entries(this.tally).map(([kind, n]) => `${kind}:${n}`).join(',');
    this.log.warn(this.message, { ...line, ...this.last });
    this.count = 0;
    this.tally = {};
  }

  /** The owner is stopping: no timer may outlive it. Pending counts stay for a later flush. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
