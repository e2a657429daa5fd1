/**
 * @module API tokens for scripts: `mreu1.<id>.<secret>`, 32 random bytes of secret, kept only as
 * its SHA-256 (a token is too random to need a slow hash). Sent as `Authorization: Bearer`; an
 * admin's token acts with its user's current role, and is gone when revoked or its user removed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid, ULID_PATTERN } from '../../shared/ids/index.ts';
import type { ApiTokenRecord, UserStore } from './user-store.ts';
import type { UserRecord } from './user.ts';

const PREFIX = 'mreu1';
const digest = (secret: string) => createHash('sha256').update(secret).digest();

export async function issueApiToken(store: UserStore, user: UserRecord): Promise<{ token: string; record: ApiTokenRecord }> {
  const secret = randomBytes(32).toString('base64url');
  const record = { id: ulid(), user: user.name, hash: digest(secret).toString('hex'), created_at: new Date().toISOString() };
  await store.putToken(record);
  return { token: `${PREFIX}.${record.id}.${secret}`, record };
}

/** Looks like an API token (rather than something else sent as a bearer). */
export const isApiToken = (text: string) => text.startsWith(`${PREFIX}.`);

/** The token's user, or null when the token is malformed, unknown, revoked, or its user gone. */
export async function checkApiToken(store: UserStore, token: string): Promise<UserRecord | null> {
  const parts = token.length <= 200 ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== PREFIX || !ULID_PATTERN.test(parts[1]!)) return null;
  const record = await store.token(parts[1]!);
  if (!record) return null;
  // Both sides are SHA-256 digests: equal lengths, compared in constant time.
  if (!timingSafeEqual(digest(parts[2]!), Buffer.from(record.hash, 'hex'))) return null;
  return store.get(record.user);
}
