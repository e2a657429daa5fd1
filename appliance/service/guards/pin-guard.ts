/**
 * @module The operator PIN's door: a constant-time check, a growing delay and then a lockout per
 * source address, a budget of wrong PINs shared by all addresses (so many addresses cannot split the
 * guessing), bounded memory, and warnings that a flood cannot turn into one line per guess.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createLogger } from '../../../shared/log/index.ts';
import { LogThrottle } from './log-throttle.ts';

const log = createLogger('appliance:control');

export interface PinGuardLimits {
  /** Wrong PINs an address may send before each next try must wait (typos happen). */
  freeFailures: number;
  /** The wait after each wrong PIN past the free ones starts at 1 s and doubles up to this. */
  maxDelayMs: number;
  /** At this many wrong PINs the address is locked out for lockoutMs, and again after every further wrong PIN. */
  lockoutAfter: number;
  lockoutMs: number;
  /** An address with no wrong PIN for this long starts afresh. */
  forgetAfterMs: number;
  /** Wrong PINs from all addresses together: a bucket this big, refilled at globalPerHour. */
  globalBurst: number;
  globalPerHour: number;
  /** A device that gave the right PIN this recently is still let in while the shared budget is spent. */
  trustMs: number;
  /** Addresses remembered at once (failures and trusted devices each); the longest untouched go first. */
  maxAddresses: number;
}

export const DEFAULT_PIN_LIMITS: PinGuardLimits = {
  freeFailures: 3,
  maxDelayMs: 60_000,
  lockoutAfter: 10,
  lockoutMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  globalBurst: 30,
  globalPerHour: 60,
  trustMs: 12 * 60 * 60_000,
  maxAddresses: 4096,
};

export type PinVerdict =
  | { ok: true }
  | { ok: false; status: 401; error: string }
  | { ok: false; status: 429; error: string; retryAfterS: number; retryAt: string; scope: 'address' | 'all' };

interface AddressState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function wait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

export class PinGuard {
  readonly #expected: Buffer;
  readonly #limits: PinGuardLimits;
  readonly #clock: () => number;
  readonly #addresses = new Map<string, AddressState>();
  readonly #trusted = new Map<string, number>();
  readonly #warnings: LogThrottle;
  #tokens: number;
  #refilledAt: number;

  constructor(token: string, limits: Partial<PinGuardLimits> = {}, clock: () => number = Date.now) {
    // Hashing both sides first makes the comparison constant-time whatever the lengths.
    this.#expected = digest(token);
    this.#limits = { ...DEFAULT_PIN_LIMITS, ...limits };
    this.#clock = clock;
    this.#tokens = this.#limits.globalBurst;
    this.#refilledAt = clock();
    this.#warnings = new LogThrottle(log, { intervalMs: 60_000, maxLinesPerInterval: 20, maxKeys: 1024, clock });
  }

  /** Decides one control request from `address` carrying `presented` (the bearer token, or undefined). */
  check(address: string, presented: string | undefined): PinVerdict {
    const now = this.#clock();
    const state = this.#current(address, now);
    if (state && state.blockedUntil > now) return this.#locked(state.blockedUntil - now, 'address', now);
    const trusted = (this.#trusted.get(address) ?? 0) > now;
    this.#refill(now);
    if (this.#tokens < 1 && !trusted) {
      const untilToken = Math.ceil(((1 - this.#tokens) * 3_600_000) / this.#limits.globalPerHour);
      this.#warnings.warn('all', 'race control refusing PINs from new devices: too many wrong PINs from many addresses', { remote: address, retry_after_s: Math.ceil(untilToken / 1000) });
      return this.#locked(untilToken, 'all', now);
    }
    if (presented !== undefined && timingSafeEqual(digest(presented), this.#expected)) {
      this.#addresses.delete(address);
      this.#remember(this.#trusted, address, now + this.#limits.trustMs);
      return { ok: true };
    }
    this.#tokens = Math.max(0, this.#tokens - 1);
    const failures = (state?.failures ?? 0) + 1;
    const delay = this.#delayAfter(failures);
    this.#remember(this.#addresses, address, { failures, lastFailureAt: now, blockedUntil: now + delay });
    const fields = { remote: address, failures, ...(delay > 0 ? { wait_s: Math.ceil(delay / 1000) } : {}) };
    if (failures === this.#limits.lockoutAfter) log.warn('race control locked for an address after wrong PINs', fields);
    else this.#warnings.warn(address, 'wrong operator PIN', fields);
    return { ok: false, status: 401, error: 'missing or wrong operator token: send Authorization: Bearer <token>' };
  }

  /** Addresses held in memory, for tests and status. */
  get remembered(): { addresses: number; trusted: number } {
    return { addresses: this.#addresses.size, trusted: this.#trusted.size };
  }

  #current(address: string, now: number): AddressState | undefined {
    const state = this.#addresses.get(address);
    if (state && state.blockedUntil <= now && now - state.lastFailureAt > this.#limits.forgetAfterMs) {
      this.#addresses.delete(address);
      return undefined;
    }
    return state;
  }

  #delayAfter(failures: number): number {
    const { freeFailures, maxDelayMs, lockoutAfter, lockoutMs } = this.#limits;
    if (failures >= lockoutAfter) return lockoutMs;
    if (failures <= freeFailures) return 0;
    return Math.min(1000 * 2 ** (failures - freeFailures - 1), maxDelayMs);
  }

  #refill(now: number): void {
    const { globalBurst, globalPerHour } = this.#limits;
    this.#tokens = Math.min(globalBurst, this.#tokens + ((now - this.#refilledAt) * globalPerHour) / 3_600_000);
    this.#refilledAt = now;
  }

  /** Re-inserting keeps the Map in least-recently-touched order, so the oldest entry is the one to forget. */
  #remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    while (map.size > this.#limits.maxAddresses) map.delete(map.keys().next().value!);
  }

  #locked(ms: number, scope: 'address' | 'all', now: number): PinVerdict {
    const retryAfterS = Math.max(1, Math.ceil(ms / 1000));
    const retryAt = new Date(now + retryAfterS * 1000).toISOString();
    const error =
      scope === 'address'
        ? `too many wrong PINs from this device: race control takes no PIN from it for ${wait(ms)} (until ${retryAt}); try again then`
        : `too many wrong PINs from many devices: race control takes no PIN from a new device for ${wait(ms)} (until ${retryAt}); a device that gave the right PIN earlier today still works`;
    return { ok: false, status: 429, error, retryAfterS, retryAt, scope };
  }
}
