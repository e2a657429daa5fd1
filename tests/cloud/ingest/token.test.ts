/** @module Box tokens: issue and check, another secret, altered claims, age limits; the secret from config or file refused when short; failed logins per address turned into 429 with Retry-After. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthGuard } from '../../../cloud/ingest/auth-guard.ts';
import { resolveTokenSecret } from '../../../cloud/ingest/token-secret.ts';
import { checkToken, issueToken } from '../../../cloud/ingest/token.ts';
import { loadCloudConfig } from '../../../cloud/service/config.ts';
import { ConfigError } from '../../../shared/config/config-error.ts';
import { makeTempDir, removeTempDir, useCleanups } from '../../harness/index.ts';
import { OTHER_SECRET, TEST_SECRET } from './support.ts';

const defer = useCleanups();
const secret = Buffer.from(TEST_SECRET);
const NOW = 1_800_000_000;

describe('box tokens', () => {
  it('box tokens - an issued token reads back as its claims: mre1.<claims>.<signature>, a ULID jti, iat in seconds', () => {
    const { token, claims } = issueToken(secret, { track_id: 'canberra', client_id: 'box-1' }, NOW);
    expect(token).toMatch(/^mre1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(claims).toEqual({ track_id: 'canberra', client_id: 'box-1', iat: NOW, jti: expect.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/) });
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).toEqual(claims);
    expect(checkToken(secret, token, { maxAgeDays: 365, nowS: NOW })).toEqual({ ok: true, claims });
    expect(issueToken(secret, { track_id: 'canberra', client_id: 'box-1' }, NOW).claims.jti).not.toBe(claims.jti);
  });

  it('box tokens - another secret, an altered claim or signature, and malformed text are refused by reason', () => {
    const { token } = issueToken(secret, { track_id: 'canberra', client_id: 'box-1' }, NOW);
    expect(checkToken(Buffer.from(OTHER_SECRET), token, { nowS: NOW })).toMatchObject({ ok: false, reason: 'signature' });
    const [head, body, sig] = token.split('.');
    const altered = Buffer.from(Buffer.from(body!, 'base64url').toString().replace('canberra', 'thornhil')).toString('base64url');
    expect(checkToken(secret, `${head}.${altered}.${sig}`, { nowS: NOW })).toMatchObject({ ok: false, reason: 'signature' });
    expect(checkToken(secret, `${head}.${body}.${sig!.slice(0, -2)}`, { nowS: NOW })).toMatchObject({ ok: false, reason: 'signature' });
    expect(checkToken(secret, `mre2.${body}.${sig}`, { nowS: NOW })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkToken(secret, `${token}.x`, { nowS: NOW })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(checkToken(secret, `mre1.${'a'.repeat(2000)}.${sig}`, { nowS: NOW })).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('box tokens - older than the max age is expired, naming the setting; 0 means no age limit; far in the future is refused', () => {
    const { token, claims } = issueToken(secret, { track_id: 'canberra', client_id: 'box-1' }, NOW - 31 * 86_400);
    const expired = checkToken(secret, token, { maxAgeDays: 30, nowS: NOW });
    expect(expired).toEqual({ ok: false, reason: 'expired', jti: claims.jti, error: `token ${claims.jti} expired: issued ${new Date((NOW - 31 * 86_400) * 1000).toISOString()}, more than 30 days ago (ingest.token_max_age_days); issue the box a new one` });
    expect(checkToken(secret, token, { maxAgeDays: 0, nowS: NOW }).ok).toBe(true);
    expect(checkToken(secret, token, { maxAgeDays: 32, nowS: NOW }).ok).toBe(true);
    const ahead = issueToken(secret, { track_id: 'canberra', client_id: 'box-1' }, NOW + 3_600).token;
    expect(checkToken(secret, ahead, { nowS: NOW })).toMatchObject({ ok: false, reason: 'future' });
  });

  it('box tokens - the secret comes from config or a file; short, missing or both is refused at start naming the field', async () => {
    const dir = await makeTempDir('token-secret');
    defer(() => removeTempDir(dir));
    const file = join(dir, 'secret');
    writeFileSync(file, `${TEST_SECRET}\n`);
    expect(resolveTokenSecret({ token_secret_file: file })).toEqual(secret);
    expect(resolveTokenSecret({ token_secret: TEST_SECRET })).toEqual(secret);
    writeFileSync(file, 'short\n');
    expect(() => resolveTokenSecret({ token_secret_file: file })).toThrow(/^invalid configuration: ingest\.token_secret_file: .* holds 5 bytes; the secret must be at least 32/);
    expect(() => resolveTokenSecret({ token_secret_file: join(dir, 'absent') })).toThrow(/ingest\.token_secret_file: cannot read .*absent: ENOENT/);
    expect(() => resolveTokenSecret({})).toThrow(ConfigError);
    expect(() => resolveTokenSecret({})).toThrow(/ingest\.token_secret: box tokens need a secret of at least 32 bytes/);
    const env = { MRE_CLOUD_ROLES: 'ingest' };
    expect(() => loadCloudConfig(undefined, { ...env, MRE_INGEST_TOKEN_SECRET: 'too-short' })).toThrow(/ingest\.token_secret: must be at least 32 bytes; make one with: openssl rand -base64 48 \(from MRE_INGEST_TOKEN_SECRET\)/);
    expect(() => loadCloudConfig(undefined, { ...env, MRE_INGEST_TOKEN_SECRET: 'too-short' })).not.toThrow(/too-short/);
    expect(() => loadCloudConfig(undefined, { ...env, MRE_INGEST_TOKEN_SECRET: TEST_SECRET, MRE_INGEST_TOKEN_SECRET_FILE: file })).toThrow(/ingest\.token_secret_file: set ingest\.token_secret or ingest\.token_secret_file, not both/);
  });
});

describe('ingest auth guard', () => {
  const revoked = new Set<string>();
  const guardAt = (clock: { now: number }) => new AuthGuard({ secret, maxAgeDays: 365, revocations: revoked, maxFailures: 3, blockMs: 60_000, maxAddresses: 4, clock: () => clock.now });
  const { token, claims } = issueToken(secret, { track_id: 'canberra', client_id: 'box-1' });

  it('ingest auth guard - a good token passes; a revoked one is refused naming its id', () => {
    const guard = guardAt({ now: 0 });
    expect(guard.check('10.0.0.5', `Bearer ${token}`)).toEqual({ ok: true, claims });
    expect(guard.check('10.0.0.5', `Basic ${token}`)).toMatchObject({ ok: false, status: 401, reason: 'malformed' });
    revoked.add(claims.jti);
    expect(guard.check('10.0.0.5', `Bearer ${token}`)).toEqual({ ok: false, status: 401, reason: 'revoked', error: `token ${claims.jti} has been revoked: issue the box a new one` });
    revoked.clear();
  });

  it('ingest auth guard - repeated failures from one address get 429 with the wait, even with a good token, until the block passes; other addresses are unaffected', () => {
    const clock = { now: 0 };
    const guard = guardAt(clock);
    for (let i = 0; i < 3; i++) expect(guard.check('10.0.0.9', 'Bearer nope')).toMatchObject({ status: 401 });
    expect(guard.check('10.0.0.9', `Bearer ${token}`)).toEqual({ ok: false, status: 429, retryAfterS: 60, error: 'too many failed logins from 10.0.0.9: ingest takes nothing from it for 60 s; fix the box\'s token, then retry' });
    expect(guard.check('10.0.0.7', `Bearer ${token}`).ok).toBe(true);
    clock.now = 45_000;
    expect(guard.check('10.0.0.9', `Bearer ${token}`)).toMatchObject({ status: 429, retryAfterS: 15 });
    clock.now = 60_001;
    expect(guard.check('10.0.0.9', `Bearer ${token}`).ok).toBe(true);
  });

  it('ingest auth guard - failures spread out longer than the block are forgotten; a success clears them; memory holds a bounded number of addresses', () => {
    const clock = { now: 0 };
    const guard = guardAt(clock);
    for (let i = 0; i < 5; i++) {
      clock.now += 61_000;
      expect(guard.check('10.0.0.3', undefined)).toMatchObject({ status: 401, reason: 'missing' });
    }
    guard.check('10.0.0.3', undefined);
    expect(guard.check('10.0.0.3', `Bearer ${token}`).ok).toBe(true);
    expect(guard.remembered).toBe(0);
    for (let i = 0; i < 100; i++) guard.check(`10.1.0.${i}`, undefined);
    expect(guard.remembered).toBe(4);
  });
});
