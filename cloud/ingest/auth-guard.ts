/**
 * @module The ingest door: the bearer token checked (format, signature, age, revocation), failed
 * logins counted per address until the address is refused with 429 for a while, and every
 * refusal logged as a rate-limited warning naming the address and the reason.
 */
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import { FailureCounter } from './failure-counter.ts';
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

export class AuthGuard {
  readonly #addresses: FailureCounter;
  readonly #refused = new RateLimitedWarning(log, 'ingest refused a box token', { tallyField: 'reasons' });
  readonly #blocked = new RateLimitedWarning(log, 'ingest refusing an address after repeated failed logins', { tallyField: 'addresses' });

  constructor(private readonly options: AuthGuardOptions) {
    this.#addresses = new FailureCounter({ maxFailures: options.maxFailures, blockMs: options.blockMs, ...(options.maxAddresses ? { maxKeys: options.maxAddresses } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  }

  /** Decides one request from `address` carrying `authorization` (the header as sent, or undefined). */
  check(address: string, authorization: string | undefined): AuthVerdict {
    const blockedMs = this.#addresses.blockedMs(address);
    if (blockedMs > 0) {
      const retryAfterS = Math.max(1, Math.ceil(blockedMs / 1000));
      this.#blocked.add({ remote: address, retry_after_s: retryAfterS }, address);
      return { ok: false, status: 429, error: `too many failed logins from ${address}: ingest takes nothing from it for ${retryAfterS} s; fix the box's token, then retry`, retryAfterS };
    }
    const verdict = this.#verify(authorization);
    if (verdict.ok) {
      this.#addresses.clear(address);
      return verdict;
    }
    this.#addresses.fail(address);
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
}
