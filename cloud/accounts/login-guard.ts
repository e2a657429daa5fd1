/**
 * @module The portal's login door: failed logins counted per client address and per user name
 * (cloud/ingest's FailureCounter), either one blocking further tries for a while with a 429 that
 * says until when, and every refusal logged as a rate-limited warning. The name is logged only
 * when it is a user's: a password typed into the name field must never reach the log.
 */
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import { FailureCounter } from '../ingest/failure-counter.ts';
import type { AccountsConfig } from './config.ts';

const log = createLogger('cloud:accounts');

export type LoginBlock = { error: string; retryAfterS: number };

function wait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

export class LoginGuard {
  readonly #names: FailureCounter;
  readonly #addresses: FailureCounter;
  readonly #refused = new RateLimitedWarning(log, 'portal login refused', { tallyField: 'reasons' });
  readonly #blocked = new RateLimitedWarning(log, 'portal refusing logins after repeated failures', { tallyField: 'scopes' });

  constructor(config: Pick<AccountsConfig, 'max_login_failures_per_name' | 'max_login_failures_per_address' | 'login_block_ms'>, clock?: () => number) {
    const common = { blockMs: config.login_block_ms, ...(clock ? { clock } : {}) };
    this.#names = new FailureCounter({ maxFailures: config.max_login_failures_per_name, ...common });
    this.#addresses = new FailureCounter({ maxFailures: config.max_login_failures_per_address, ...common });
  }

  /** A block on this address or name, checked before the password is. */
  blocked(address: string, name: string): LoginBlock | null {
    const byAddress = this.#addresses.blockedMs(address);
    const byName = this.#names.blockedMs(name);
    const ms = Math.max(byAddress, byName);
    if (ms <= 0) return null;
    const scope = byAddress >= byName ? 'address' : 'name';
    const retryAfterS = Math.max(1, Math.ceil(ms / 1000));
    const until = new Date(Date.now() + retryAfterS * 1000).toISOString();
    this.#blocked.add({ remote: address, scope, retry_after_s: retryAfterS }, scope);
    const who = scope === 'address' ? 'from this address' : 'for this user name';
    return { error: `too many failed logins ${who}: try again in ${wait(ms)} (at ${until})`, retryAfterS };
  }

  /** One failed login; `known` says whether the name is a user's (only then is it logged). */
  failed(address: string, name: string, known: boolean): void {
    this.#addresses.fail(address);
    this.#names.fail(name);
    this.#refused.add({ remote: address, user: known ? name : '(unknown)', reason: known ? 'wrong_password' : 'unknown_user' }, known ? 'wrong_password' : 'unknown_user');
  }

  /** A good login forgets the name's failures; the address's stay, so one account cannot reset a spray over others. */
  succeeded(name: string): void {
    this.#names.clear(name);
  }

  stop(): void {
    this.#refused.stop();
    this.#blocked.stop();
  }
}
