/**
 * @module Signed tokens: `mre1.<base64url claims>.<base64url HMAC-SHA256>`. Box tokens carry the
 * claims `{track_id, client_id, iat, jti}`; other kinds (the gateway's viewer tokens) carry their own
 * claims through `signClaims` and `checkSigned`, which a box token's schema never accepts. Signing and
 * checking are pure: revocation and rate limits sit in front of them (auth-guard.ts, revocations.ts).
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

export type TokenRefusal = { ok: false; reason: TokenFailure; error: string; jti?: string };

export type SignedCheck<T> = { ok: true; claims: T } | TokenRefusal;

export type TokenCheck = SignedCheck<TokenClaims>;

export interface CheckOptions {
  /** 0 or undefined: no age limit. */
  maxAgeDays?: number;
  /** Seconds since 1970 (tests move it). */
  nowS?: number;
}

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest();

/** The token for any claims: the signature covers `mre1.<claims>`. */
export function signClaims(secret: Buffer, claims: object): string {
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

export function issueToken(secret: Buffer, subject: { track_id: string; client_id: string }, nowS = Math.floor(Date.now() / 1000)): { token: string; claims: TokenClaims } {
  const claims = tokenClaimsSchema.parse({ track_id: subject.track_id, client_id: subject.client_id, iat: nowS, jti: ulid() });
  return { token: signClaims(secret, claims), claims };
}

const fail = (reason: TokenFailure, error: string, jti?: string): TokenRefusal => ({ ok: false, reason, error, ...(jti ? { jti } : {}) });

function decodeClaims<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** What a kind of token is called and expects, for its error messages. */
export interface TokenKind<T> {
  schema: z.ZodType<T>;
  /** `expected track_id, client_id, iat and jti` */
  claims: string;
  /** What to do with an expired token: `issue the box a new one`. */
  renew: string;
  /** The config field that limits the age. */
  maxAgeField: string;
}

/** Checks the format, the signature (in constant time), then the claims against `kind` and their age. */
export function checkSigned<T extends { iat: number; jti: string }>(secret: Buffer, token: string, kind: TokenKind<T>, options: CheckOptions = {}): SignedCheck<T> {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== PREFIX) return fail('malformed', 'malformed token: expected mre1.<claims>.<signature> as `mre cloud token issue` prints it');
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = sign(secret, `${parts[0]}.${parts[1]}`);
  // Lengths are public (a SHA-256 is always 32 bytes); the bytes are compared in constant time.
  if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) {
    return fail('signature', 'token signature does not match: the token was altered, or signed with another secret than this cloud\'s');
  }
  const claims = decodeClaims(parts[1]!, kind.schema);
  if (!claims) return fail('malformed', `malformed token claims: ${kind.claims}`);
  const now = options.nowS ?? Math.floor(Date.now() / 1000);
  if (claims.iat > now + FUTURE_SKEW_S) return fail('future', `token ${claims.jti} is issued in the future (${new Date(claims.iat * 1000).toISOString()}): check the clock of the machine that issued it`, claims.jti);
  const maxAgeS = (options.maxAgeDays ?? 0) * 86_400;
  if (maxAgeS > 0 && now - claims.iat > maxAgeS) {
    return fail('expired', `token ${claims.jti} expired: issued ${new Date(claims.iat * 1000).toISOString()}, more than ${options.maxAgeDays} days ago (${kind.maxAgeField}); ${kind.renew}`, claims.jti);
  }
  return { ok: true, claims };
}

const BOX_TOKEN: TokenKind<TokenClaims> = { schema: tokenClaimsSchema, claims: 'expected track_id, client_id, iat and jti', renew: 'issue the box a new one', maxAgeField: 'ingest.token_max_age_days' };

/** A box token: checks the format, the signature (in constant time), then the claims and their age. Revocation is the caller's. */
export function checkToken(secret: Buffer, token: string, options: CheckOptions = {}): TokenCheck {
  return checkSigned(secret, token, BOX_TOKEN, options);
}
