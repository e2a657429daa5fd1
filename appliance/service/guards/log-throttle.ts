/** @module Rate-limited warnings: one line per key per interval, the rest counted into the next line, and a cap on lines overall so a flood from many addresses cannot fill the journal. */
import type { Fields, Logger } from '../../../shared/log/index.ts';

export interface LogThrottleOptions {
  /** Per key: at most one line in this many ms. */
  intervalMs: number;
  /** Across keys: at most this many lines per interval; beyond it only counts are kept. */
  maxLinesPerInterval: number;
  /** Keys remembered at once; the oldest are forgotten first. */
  maxKeys: number;
  clock?: () => number;
}

interface KeyState {
  lastAt: number;
  suppressed: number;
}

export class LogThrottle {
  readonly #keys = new Map<string, KeyState>();
  readonly #clock: () => number;
  #windowStart = -Infinity;
  #linesInWindow = 0;
  #suppressedOverall = 0;

  constructor(
    private readonly log: Logger,
    private readonly options: LogThrottleOptions,
  ) {
    this.#clock = options.clock ?? Date.now;
  }

  /** Writes `message` as a warning unless this key (or everything) logged too recently; what is held back shows as `suppressed=N` later. */
  warn(key: string, message: string, fields: Fields): void {
    const now = this.#clock();
    const { intervalMs, maxLinesPerInterval, maxKeys } = this.options;
    const state = this.#keys.get(key);
    if (state && now - state.lastAt < intervalMs) {
      state.suppressed += 1;
      return;
    }
    if (now - this.#windowStart >= intervalMs) {
      if (this.#suppressedOverall > 0) this.log.warn(`${message}: more held back in the last interval`, { suppressed: this.#suppressedOverall });
      this.#windowStart = now;
      this.#linesInWindow = 0;
      this.#suppressedOverall = 0;
    }
    if (this.#linesInWindow >= maxLinesPerInterval) {
      this.#suppressedOverall += 1;
      return;
    }
    this.#linesInWindow += 1;
    const suppressed = state?.suppressed ?? 0;
    this.#keys.delete(key);
    this.#keys.set(key, { lastAt: now, suppressed: 0 });
    while (this.#keys.size > maxKeys) this.#keys.delete(this.#keys.keys().next().value!);
    this.log.warn(message, suppressed > 0 ? { ...fields, suppressed } : fields);
  }

  get keys(): number {
    return this.#keys.size;
  }
}
