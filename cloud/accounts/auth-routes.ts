/**
 * @module `/api/auth`: `POST login` (JSON name and password → the session cookie and the CSRF
 * token), `POST logout` (ends the user's sessions), `GET me` (the signed-in user and the CSRF
 * token). A wrong password and an unknown name get the same 401 and take as long.
 */
import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { bodyUnread, CLOSE_CONNECTION, readLimitedBody } from '../ingest/read-body.ts';
import { cameOverHttps, clientAddress } from './client.ts';
import type { AccountsConfig } from './config.ts';
import { principalOf, type Door } from './door.ts';
import type { LoginGuard } from './login-guard.ts';
import { MAX_PASSWORD_LENGTH, verifyPassword } from './password.ts';
import { CSRF_COOKIE, csrfToken, SESSION_COOKIE, signSession } from './session.ts';
import type { UserStore } from './user-store.ts';
import { publicUser, type UserRecord } from './user.ts';

export const AUTH_API_PREFIX = '/api/auth';
/** A login body is a name and a password: anything larger is not one. */
export const MAX_LOGIN_BODY = 4096;
export const BAD_LOGIN = 'wrong user name or password';

export interface AuthDeps {
  store: UserStore;
  secret: Buffer;
  config: AccountsConfig;
  guard: LoginGuard;
  door: Door;
}

function readCredentials(body: Buffer): { name: string; password: string } | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { name, password } = parsed as Record<string, unknown>;
    if (typeof name !== 'string' || typeof password !== 'string' || name.length > 64 || password.length > MAX_PASSWORD_LENGTH) return null;
    return { name: name.trim().toLowerCase(), password };
  } catch {
    return null;
  }
}

function setSessionCookies(c: Context, deps: AuthDeps, cookie: string | null, csrf: string | null): void {
  const secure = cameOverHttps(c, deps.config.trust_proxy);
  const maxAge = cookie === null ? 0 : Math.floor(deps.config.session_hours * 3600);
  const common = { path: '/', sameSite: 'Lax' as const, secure, maxAge };
  setCookie(c, SESSION_COOKIE, cookie ?? '', { ...common, httpOnly: true });
  setCookie(c, CSRF_COOKIE, csrf ?? '', common);
}

const signedInAnswer = (user: UserRecord, csrf: string, expiresAt: string) => ({ user: publicUser(user), csrf_token: csrf, expires_at: expiresAt });

export function authRoutes(deps: AuthDeps): Hono {
  const app = new Hono();

  app.post('/login', async (c) => {
    const address = clientAddress(c, deps.config.trust_proxy);
    const read = await readLimitedBody(c, MAX_LOGIN_BODY);
    if (!read.ok) return c.json({ error: `a login body is at most ${MAX_LOGIN_BODY} bytes of JSON: {"name": …, "password": …}` }, 413, bodyUnread(c) ? CLOSE_CONNECTION : {});
    const credentials = readCredentials(read.body);
    if (!credentials) return c.json({ error: 'send JSON {"name": "…", "password": "…"}' }, 400);
    const block = deps.guard.blocked(address, credentials.name);
    if (block) return c.json({ error: block.error, retry_after_s: block.retryAfterS }, 429, { 'Retry-After': String(block.retryAfterS) });
    const user = await deps.store.get(credentials.name);
    if (!(await verifyPassword(credentials.password, user?.password)) || !user) {
      deps.guard.failed(address, credentials.name, user !== null);
      return c.json({ error: BAD_LOGIN }, 401);
    }
    deps.guard.succeeded(user.name);
    const { cookie, claims } = signSession(deps.secret, user);
    const csrf = csrfToken(deps.secret, claims.jti);
    setSessionCookies(c, deps, cookie, csrf);
    return c.json(signedInAnswer(user, csrf, new Date((claims.iat + deps.config.session_hours * 3600) * 1000).toISOString()));
  });

  app.post('/logout', deps.door.signedIn, async (c) => {
    const principal = principalOf(c)!;
    // Ends every session of the user: the generation is one number per user, not a list of sessions.
    if (principal.via === 'session') await deps.store.endSessions(principal.user.name);
    setSessionCookies(c, deps, null, null);
    return c.json({ signed_out: principal.user.name });
  });

  app.get('/me', deps.door.signedIn, (c) => {
    const principal = principalOf(c)!;
    const csrf = principal.sessionId ? csrfToken(deps.secret, principal.sessionId) : null;
    return c.json({ user: publicUser(principal.user), via: principal.via, csrf_token: csrf });
  });

  app.notFound((c) => c.json({ error: `no such auth route: ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
