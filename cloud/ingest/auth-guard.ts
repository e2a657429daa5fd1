/**
 * @module The ingest door: the bearer token checked (format, signature, age, revocation), failed
 * logins counted per address until the address is refused with 429 for a while, and every
 * refusal logged as a rate-limited warning naming the address and the reason.
 */
import { createLogger, monotonicMs, RateLimitedWarning } from '../../shared/log/index.ts';
import { checkToken, type TokenClaims, type TokenFailure } from './token.ts';

const log = createLogger('cloud:ingest');

export interface AuthGuardOptions {
  secret: Buffer;
  /** 0: tokens never expire. */
  maxAgeDays: number;
  revocations: { has(jti: string): boolean };
  /** Failed logins before an address is blocked. */
  maxFailures: number;
  /** How long a blocked address is refused; failures older than this are forgotten. */
  blockMs: number;
  /** Addresses remembered at once; the longest untouched are forgotten first. */
  maxAddresses?: number;
  clock?: () => number;
}

export type AuthVerdict =
  | { ok: true; claims: TokenClaims }
  | { ok: false; status: 401; reason: TokenFailure | 'missing'; error: string }
  | { ok: false; status: 429; error: string; retryAfterS: number };

interface AddressState {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export class AuthGuard {
  readonly #addresses = new Map<string, AddressState>();
  readonly #clock: () => number;
  readonly #refused = new RateLimitedWarning(log, 'ingest refused a box token', { tallyField: 'reasons' });
  readonly #blocked = new RateLimitedWarning(log, 'ingest refusing an address after repeated failed logins', { tallyField: 'addresses' });

  constructor(private readonly options: AuthGuardOptions) {
    this.#clock = options.clock ?? monotonicMs;
  }

  /** Decides one request from `address` carrying `authorization` (the header as sent, or undefined). */
  check(address: string, authorization: string | undefined): AuthVerdict {
    const now = this.#clock();
    const state = this.#addresses.get(address);
    if (state && state.blockedUntil > now) {
      const retryAfterS = Math.max(1, Math.ceil((state.blockedUntil - now) / 1000));
      this.#blocked.add({ remote: address, retry_after_s: retryAfterS }, address);
      return { ok: false, status: 429, error: `too many failed logins from ${address}: ingest takes nothing from it for ${retryAfterS} s; fix the box's token, then retry`, retryAfterS };
    }
    const verdict = this.#verify(authorization);
    if (verdict.ok) {
      this.#addresses.delete(address);
      return verdict;
    }
    this.#fail(address, state, now);
    this.#refused.add({ remote: address, reason: verdict.reason, ...(verdict.jti ? { jti: verdict.jti } : {}) }, verdict.reason);
    return { ok: false, status: 401, reason: verdict.reason, error: verdict.error };
  }

  /** Addresses with failures held in memory, for tests and status. */
  get remembered(): number {
    return this.#addresses.size;
  }

  stop(): void {
    this.#refused.stop();
    this.#blocked.stop();
  }

  #verify(authorization: string | undefined): { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure | 'missing'; error: string; jti?: string } {
    if (!authorization) return { ok: false, reason: 'missing', error: 'missing Authorization header: send Authorization: Bearer <box token>' };
    const match = /^Bearer +(\S+)$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'malformed', error: 'Authorization must be "Bearer <box token>"' };
    const checked = checkToken(this.options.secret, match[1]!, { maxAgeDays: this.options.maxAgeDays });
    if (!checked.ok) return checked;
    const { jti } = checked.claims;
    if (this.options.revocations.has(jti)) return { ok: false, reason: 'revoked', error: `token ${jti} has been revoked: issue the box a new one`, jti };
    return checked;
  }

  #fail(address: string, state: AddressState | undefined, now: number): void {
    const { maxFailures, blockMs } = this.options;
    const fresh = !state || now - state.lastFailureAt > blockMs;
    const failures = (fresh ? 0 : state.failures) + 1;
    const blockedUntil = failures >= maxFailures ? now + blockMs : 0;
    // The block uses up the failures that caused it: after it, the address gets a fresh count.
    this.#addresses.delete(address);
    this.#addresses.set(address, { failures: blockedUntil ? 0 : failures, lastFailureAt: now, blockedUntil });
    while (this.#addresses.size > (this.options.maxAddresses ?? 10_000)) this.#addresses.delete(this.#addresses.keys().next().value!);
  }
}
