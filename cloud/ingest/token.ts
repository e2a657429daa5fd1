/**
 * @module Box tokens: `mre1.<base64url claims>.<base64url HMAC-SHA256>`, the claims
 * `{track_id, client_id, iat, jti}`. Signing and checking are pure: revocation and rate
 * limits sit in front of them (auth-guard.ts, revocations.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { tokenSchema } from '../../shared/contracts/tokens.ts';
import { ulid, ULID_PATTERN } from '../../shared/ids/index.ts';

const PREFIX = 'mre1';
const SIGNATURE_BYTES = 32;
/** Far above a real token (about 200 characters): nothing longer is decoded. */
export const MAX_TOKEN_LENGTH = 1024;
/** Clocks of the issuing machine and an ingest node may differ this much. */
const FUTURE_SKEW_S = 300;

export const tokenClaimsSchema = z.strictObject({
  track_id: tokenSchema('track_id'),
  client_id: tokenSchema('client_id'),
  /** Issue time, whole seconds since 1970. */
  iat: z.number().int().nonnegative(),
  /** The token's id: what `mre cloud token revoke` takes. */
  jti: z.string().regex(ULID_PATTERN),
});

export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

export type TokenFailure = 'malformed' | 'signature' | 'expired' | 'future' | 'revoked';

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: TokenFailure; error: string; jti?: string };

export interface CheckOptions {
  /** 0 or undefined: no age limit. */
  maxAgeDays?: number;
  /** Seconds since 1970 (tests move it). */
  nowS?: number;
}

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest();

export function issueToken(secret: Buffer, subject: { track_id: string; client_id: string }, nowS = Math.floor(Date.now() / 1000)): { token: string; claims: TokenClaims } {
  const claims = tokenClaimsSchema.parse({ track_id: subject.track_id, client_id: subject.client_id, iat: nowS, jti: ulid() });
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return { token: `${body}.${sign(secret, body).toString('base64url')}`, claims };
}

const fail = (reason: TokenFailure, error: string, jti?: string): TokenCheck => ({ ok: false, reason, error, ...(jti ? { jti } : {}) });

function decodeClaims(text: string): TokenClaims | null {
  try {
    const parsed = tokenClaimsSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Checks the format, the signature (in constant time), then the claims and their age. Revocation is the caller's. */
export function checkToken(secret: Buffer, token: string, options: CheckOptions = {}): TokenCheck {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== PREFIX) return fail('malformed', 'malformed token: expected mre1.<claims>.<signature> as `mre cloud token issue` prints it');
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = sign(secret, `${parts[0]}.${parts[1]}`);
  // Lengths are public (a SHA-256 is always 32 bytes); the bytes are compared in constant time.
  if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) {
    return fail('signature', 'token signature does not match: the token was altered, or signed with another secret than this cloud\'s');
  }
  const claims = decodeClaims(parts[1]!);
  if (!claims) return fail('malformed', 'malformed token claims: expected track_id, client_id, iat and jti');
  const now = options.nowS ?? Math.floor(Date.now() / 1000);
  if (claims.iat > now + FUTURE_SKEW_S) return fail('future', `token ${claims.jti} is issued in the future (${new Date(claims.iat * 1000).toISOString()}): check the clock of the machine that issued it`, claims.jti);
  const maxAgeS = (options.maxAgeDays ?? 0) * 86_400;
  if (maxAgeS > 0 && now - claims.iat > maxAgeS) {
    return fail('expired', `token ${claims.jti} expired: issued ${new Date(claims.iat * 1000).toISOString()}, more than ${options.maxAgeDays} days ago (ingest.token_max_age_days); issue the box a new one`, claims.jti);
  }
  return { ok: true, claims };
}
