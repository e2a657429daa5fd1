/** @module `POST /api/ingest/batch` over real HTTP into a real nats-server: stored once with the idempotency key and the cloud's ingest time, duplicates counted on a re-send, acked per boot; and the hostile list, each refused with its status and message and nothing stored. */
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { CONTRACT_VERSION } from '../../../shared/contracts/envelope.ts';
import { ingestBatchResponseSchema } from '../../../shared/contracts/ingest.ts';
import { STREAMS } from '../../../shared/contracts/subjects.ts';
import { BOOT, CLIENT, envelope, envelopes, type IngestStack, OTHER_SECRET, postBatch, startIngestStack, storedEnvelopes, TEST_SECRET, TRACK } from './support.ts';

let stack: IngestStack;
const secret = Buffer.from(TEST_SECRET);
const token = issueToken(secret, { track_id: TRACK, client_id: CLIENT }).token;

beforeAll(async () => {
  stack = await startIngestStack('ingest-api-test');
});
afterAll(() => stack?.stop());

/** Sends `body` with `auth`, expects `status` with an error matching `message`, and that the stream did not grow. */
async function refused(auth: string | undefined, body: unknown, status: number, message: RegExp): Promise<Record<string, unknown>> {
  const before = await storedEnvelopes(stack.nc);
  const answer = await postBatch(stack.cloud.url, auth, body);
  expect(answer.status).toBe(status);
  expect(answer.body.error).toMatch(message);
  expect(await storedEnvelopes(stack.nc)).toBe(before);
  return answer.body;
}

describe('ingest api', () => {
  it('ingest api - a batch is stored once per envelope under its track subject with the idempotency key and ingested_at_us, answered after every ack', async () => {
    const batch = envelopes(1, 3);
    const before = Date.now() * 1000;
    const answer = await postBatch(stack.cloud.url, token, { envelopes: batch });
    expect(answer.status).toBe(200);
    expect(ingestBatchResponseSchema.parse(answer.body)).toEqual({ accepted: 3, duplicate: 0, acked: { [BOOT]: 3 } });
    expect(await storedEnvelopes(stack.nc)).toBe(3);
    const jsm = await jetstreamManager(stack.nc);
    const stored = await jsm.streams.getMessage(STREAMS.ingestRaw, { seq: 2 });
    expect(stored?.subject).toBe(`timing.ingest.raw.v1.${TRACK}`);
    expect(stored?.header.get('Nats-Msg-Id')).toBe(`${TRACK}:${CLIENT}:${BOOT}:2`);
    const body = stored!.json<Record<string, unknown>>();
    expect(body).toMatchObject({ ...batch[1], ingested_at_us: expect.any(Number) });
    expect(body.ingested_at_us as number).toBeGreaterThanOrEqual(before);
  });

  it('ingest api - a re-send is reported as duplicate and stored nothing; a batch mixing old and new counts each', async () => {
    const batch = envelopes(101, 4);
    expect((await postBatch(stack.cloud.url, token, { envelopes: batch })).body).toEqual({ accepted: 4, duplicate: 0, acked: { [BOOT]: 104 } });
    const stored = await storedEnvelopes(stack.nc);
    expect((await postBatch(stack.cloud.url, token, { envelopes: batch })).body).toEqual({ accepted: 0, duplicate: 4, acked: { [BOOT]: 104 } });
    expect(await storedEnvelopes(stack.nc)).toBe(stored);
    const mixed = await postBatch(stack.cloud.url, token, { envelopes: [...batch.slice(2), ...envelopes(105, 2)] });
    expect(mixed.body).toEqual({ accepted: 2, duplicate: 2, acked: { [BOOT]: 106 } });
    expect(await storedEnvelopes(stack.nc)).toBe(stored + 2);
  });

  it('ingest api - acked is the end of the unbroken run from the lowest seq, per boot', async () => {
    const other = '01J9ZQ8W6Y3V2K7T5R4M1N0P9B';
    const batch = [envelope(201), envelope(202), envelope(204), envelope(7, { boot_id: other }), envelope(8, { boot_id: other })];
    expect((await postBatch(stack.cloud.url, token, { envelopes: batch })).body).toEqual({ accepted: 5, duplicate: 0, acked: { [BOOT]: 202, [other]: 8 } });
    expect((await postBatch(stack.cloud.url, token, { envelopes: [] })).body).toEqual({ accepted: 0, duplicate: 0, acked: {} });
  });

  it('ingest api - hostile: no token, a malformed one, one signed with another secret, an expired one', async () => {
    const batch = { envelopes: envelopes(301, 2) };
    await refused(undefined, batch, 401, /^missing Authorization header: send Authorization: Bearer <box token>$/);
    await refused('not-a-token', batch, 401, /^malformed token: expected mre1\.<claims>\.<signature>/);
    await refused(issueToken(Buffer.from(OTHER_SECRET), { track_id: TRACK, client_id: CLIENT }).token, batch, 401, /^token signature does not match: the token was altered, or signed with another secret/);
    const [head, claims] = token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(claims!, 'base64url').toString()), track_id: 'other' })).toString('base64url');
    await refused(`${head}.${forgedClaims}.${token.split('.')[2]}`, batch, 401, /^token signature does not match/);
    const old = issueToken(secret, { track_id: TRACK, client_id: CLIENT }, Math.floor(Date.now() / 1000) - 366 * 86_400);
    await refused(old.token, batch, 401, new RegExp(`^token ${old.claims.jti} expired: issued .*, more than 365 days ago \\(ingest\\.token_max_age_days\\)`));
  });

  it('ingest api - hostile: a token for another track, and a forged track_id or client_id in an envelope, are 403 with nothing stored', async () => {
    const foreign = issueToken(secret, { track_id: 'thornhill', client_id: CLIENT }).token;
    const body = await refused(foreign, { envelopes: envelopes(401, 2) }, 403, /^envelopes\[0\]\.track_id "canberra" is not the token's track_id "thornhill": a box token covers one track and one client$/);
    expect(body.index).toBe(0);
    const forged = [envelope(401), envelope(402), envelope(403, { track_id: 'thornhill' })];
    expect((await refused(token, { envelopes: forged }, 403, /^envelopes\[2\]\.track_id "thornhill" is not the token's track_id "canberra"/)).index).toBe(2);
    await refused(token, { envelopes: [envelope(401, { client_id: 'box-2' })] }, 403, /^envelopes\[0\]\.client_id "box-2" is not the token's client_id "box-1"/);
  });

  it('ingest api - hostile: bad JSON, a bad shape, an unknown contract version and an invalid envelope are 400 naming the problem, nothing of the batch stored', async () => {
    await refused(token, '{"envelopes": [', 400, /^the body is not valid JSON: /);
    await refused(token, '', 400, /^the body is empty: expected \{"envelopes": \[\.\.\.\]\}$/);
    await refused(token, { envelope: [] }, 400, /^invalid batch: /);
    const future = await refused(token, { envelopes: [envelope(501), { ...envelope(502), contract_version: 'track_ingest.v9' }] }, 400, new RegExp(`^envelopes\\[1\\]: unsupported contract_version "track_ingest\\.v9": this build reads ${CONTRACT_VERSION}$`));
    expect(future.index).toBe(1);
    await refused(token, { envelopes: [envelope(501), envelope(502), { ...envelope(503), seq: 0 }] }, 400, /^envelopes\[2\]: invalid envelope: seq: /);
    await refused(token, { envelopes: [{ ...envelope(501), boot_id: 'nope' }] }, 400, /^envelopes\[0\]: invalid envelope: boot_id: boot_id must be a ULID/);
  });

  it('ingest api - hostile: 1,001 envelopes is 413 naming the limit, nothing stored; 1,000 is taken', async () => {
    await refused(token, { envelopes: envelopes(1_001, 1_001) }, 413, /^the batch holds 1001 envelopes; at most 1000 per batch$/);
    expect((await postBatch(stack.cloud.url, token, { envelopes: envelopes(1_001, 1_000) })).body).toMatchObject({ accepted: 1_000, acked: { [BOOT]: 2_000 } });
  });

  it('ingest api - one envelope too large for a NATS message once stamped is 413 naming it, not a 503 the box would retry for ever', async () => {
    const base = envelope(3_001, { payload: { pad: '' } });
    const wrapper = Buffer.byteLength(JSON.stringify({ envelopes: [base] }));
    const big = { ...base, payload: { pad: 'x'.repeat(1024 * 1024 - wrapper) } };
    const body = JSON.stringify({ envelopes: [big] });
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    await refused(token, body, 413, /^envelopes\[0\] is \d+ bytes as stored, more than the NATS server takes in one message \(max_payload 1048576\)$/);
  });

  it('ingest api - a GET is 405 naming the method; the health page reports the role', async () => {
    const get = await fetch(`${stack.cloud.url}/api/ingest/batch`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const health = (await (await fetch(`${stack.cloud.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, roles: ['ingest'], ingest: { nats: true, revoked_tokens: 0 } });
  });
});
