/**
 * @module Session cookies and CSRF tokens. A session is a signed token (the box tokens' format and
 * code, cloud/ingest/token.ts) with the claims `{sub, gen, iat, jti}`: the user, the user's session
 * generation when it was made, issue time and session id. It is good until its age passes
 * `accounts.session_hours` or the user's generation moves on. The CSRF token is an HMAC of the
 * session id under the same secret: bound to the session, nothing to store.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ulid, ULID_PATTERN } from '../../shared/ids/index.ts';
import { checkSigned, signClaims, type TokenKind } from '../ingest/token.ts';
import { USER_NAME, type UserRecord } from './user.ts';

export const SESSION_COOKIE = 'mre_session';
/** Readable by the portal's scripts (not HttpOnly), which send it back as the X-CSRF-Token header. */
export const CSRF_COOKIE = 'mre_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const sessionClaimsSchema = z.strictObject({
  sub: z.string().regex(USER_NAME),
  gen: z.number().int().nonnegative(),
  iat: z.number().int().nonnegative(),
  jti: z.string().regex(ULID_PATTERN),
});

export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

const SESSION: TokenKind<SessionClaims> = { schema: sessionClaimsSchema, claims: 'expected sub, gen, iat and jti', renew: 'sign in again', maxAgeField: 'accounts.session_hours' };

export function signSession(secret: Buffer, user: UserRecord): { cookie: string; claims: SessionClaims } {
  const claims: SessionClaims = { sub: user.name, gen: user.session_generation, iat: Math.floor(Date.now() / 1000), jti: ulid() };
  return { cookie: signClaims(secret, claims), claims };
}

/** The session's claims when the signature holds and it is younger than `hours`; the user's generation is the caller's to check. */
export function readSession(secret: Buffer, cookie: string, hours: number): SessionClaims | null {
  const checked = checkSigned(secret, cookie, SESSION, { maxAgeDays: hours / 24 });
  return checked.ok ? checked.claims : null;
}

export function csrfToken(secret: Buffer, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf.${sessionId}`).digest('base64url');
}

export function csrfMatches(secret: Buffer, sessionId: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfToken(secret, sessionId));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
