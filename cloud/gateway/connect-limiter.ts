/**
 * @module Connection attempts per address: a token bucket of `burst` attempts refilled at `perMinute`,
 * so a page reload or a dozen phones behind one NAT get in while a reconnect loop or a scan is refused
 * with 429. At most `maxAddresses` buckets are kept; the longest untouched are forgotten first.
 */
import { monotonicMs } from '../../shared/log/index.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export type ConnectVerdict = { ok: true } | { ok: false; retryAfterS: number };

export class ConnectLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly burst: number,
    private readonly perMinute: number,
    private readonly maxAddresses = 10_000,
    private readonly clock: () => number = monotonicMs,
  ) {}

  take(address: string): ConnectVerdict {
    const now = this.clock();
    const old = this.#buckets.get(address);
    const refilled = old ? Math.min(this.burst, old.tokens + ((now - old.at) * this.perMinute) / 60_000) : this.burst;
    this.#buckets.delete(address);
    if (refilled < 1) {
      this.#buckets.set(address, { tokens: refilled, at: now });
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(((1 - refilled) * 60) / this.perMinute)) };
    }
    this.#buckets.set(address, { tokens: refilled - 1, at: now });
    while (this.#buckets.size > this.maxAddresses) this.#buckets.delete(this.#buckets.keys().next().value!);
    return { ok: true };
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.#buckets.size;
  }
}
