/**
 * @module The portal's door for every API route behind it: a request is signed in by a session
 * cookie (its user's generation still current) or an API token (`Authorization: Bearer`); a
 * state-changing request on a session must carry the session's CSRF token; routes then ask for a
 * role. Refusals are JSON: 401 not signed in, 403 missing CSRF token or wrong role.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import { FailureCounter } from '../ingest/failure-counter.ts';
import { checkApiToken } from './api-token.ts';
import { clientAddress } from './client.ts';
import type { AccountsConfig } from './config.ts';
import { CSRF_HEADER, csrfMatches, readSession, SESSION_COOKIE } from './session.ts';
import type { UserStore } from './user-store.ts';
import type { Role, UserRecord } from './user.ts';

const log = createLogger('cloud:accounts');

export interface Principal {
  user: UserRecord;
  via: 'session' | 'token';
  /** The session id, for a session. */
  sessionId: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PRINCIPAL = 'mre.principal';

export const NOT_SIGNED_IN = 'not signed in: sign in with POST /api/auth/login, or send Authorization: Bearer <API token>';

/** The signed-in user of a request the door let through. */
export function principalOf(c: Context): Principal | undefined {
  return c.get(PRINCIPAL as never) as Principal | undefined;
}

export class Door {
  readonly #refused = new RateLimitedWarning(log, 'portal API refused a request', { tallyField: 'reasons' });
  readonly #imports: FailureCounter;

  constructor(
    private readonly store: UserStore,
    private readonly secret: Buffer,
    private readonly config: AccountsConfig,
  ) {
    // Each import a member queues counts as a "failure": past the hour's allowance the member waits out the hour.
    this.#imports = new FailureCounter({ maxFailures: config.member_imports_per_hour, blockMs: 3_600_000 });
  }

  /** Who sent the request, or why nobody: from the bearer token first, else the session cookie. */
  async identify(c: Context): Promise<Principal | { refused: string }> {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer +(\S+)$/i.exec(authorization);
      const user = match ? await checkApiToken(this.store, match[1]!) : null;
      return user ? { user, via: 'token', sessionId: null } : { refused: 'bad_token' };
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie === undefined) return { refused: 'missing' };
    const claims = readSession(this.secret, cookie, this.config.session_hours);
    const user = claims ? await this.store.get(claims.sub) : null;
    // A logout, password change, role change or removal moved the generation on (or took the user away).
    if (!claims || !user || user.session_generation !== claims.gen) return { refused: 'bad_session' };
    return { user, via: 'session', sessionId: claims.jti };
  }

  /** Any signed-in user; a session's state-changing request needs its CSRF token. */
  readonly signedIn: MiddlewareHandler = async (c, next) => {
    const found = await this.identify(c);
    const remote = clientAddress(c, this.config.trust_proxy);
    if ('refused' in found) {
      if (found.refused !== 'missing') this.#refused.add({ remote, reason: found.refused, path: c.req.path }, found.refused);
      return c.json({ error: found.refused === 'bad_token' ? 'API token unknown or revoked: issue a new one with mre cloud user token issue' : found.refused === 'bad_session' ? 'your session has ended: sign in again' : NOT_SIGNED_IN }, 401);
    }
    if (found.via === 'session' && !SAFE_METHODS.has(c.req.method) && !csrfMatches(this.secret, found.sessionId!, c.req.header(CSRF_HEADER))) {
      this.#refused.add({ remote, reason: 'csrf', user: found.user.name, path: c.req.path }, 'csrf');
      return c.json({ error: `missing or wrong CSRF token: send the csrf_token from GET /api/auth/me as the ${CSRF_HEADER} header` }, 403);
    }
    c.set(PRINCIPAL as never, found as never);
    await next();
  };

  /** After signedIn: only users with this role. */
  role(role: Role): MiddlewareHandler {
    return async (c, next) => {
      const principal = principalOf(c);
      if (!principal) return c.json({ error: NOT_SIGNED_IN }, 401);
      if (principal.user.role !== role) return c.json({ error: `only ${role}s may do this; you (${principal.user.name}) are ${principal.user.role === 'admin' ? 'an admin' : 'a member'}` }, 403);
      await next();
    };
  }

  isAdmin(c: Context): boolean {
    return principalOf(c)?.user.role === 'admin';
  }

  /** The refusal once a member has used up the hour's imports; null for admins and members with imports left. */
  memberImportRefusal(c: Context): { error: string; retryAfterS: number } | null {
    const principal = principalOf(c);
    if (!principal || principal.user.role === 'admin') return null;
    const blocked = this.#imports.blockedMs(principal.user.name);
    if (blocked <= 0) return null;
    const retryAfterS = Math.ceil(blocked / 1000);
    return { error: `you have queued ${this.config.member_imports_per_hour} imports this hour, the most a member may: try again in ${Math.ceil(retryAfterS / 60)} min`, retryAfterS };
  }

  /** Counts an import a member queued (a new job; a second click on a queued one is not counted). */
  countMemberImport(c: Context): void {
    const principal = principalOf(c);
    if (principal && principal.user.role !== 'admin') this.#imports.fail(principal.user.name);
  }

  stop(): void {
    this.#refused.stop();
  }
}
