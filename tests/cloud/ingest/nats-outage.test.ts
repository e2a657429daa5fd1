/** @module Ingest when JetStream is away: a frozen server answers 503 with Retry-After once the publish timeout passes (never a hang), a killed one at once; after a restart batches are taken again, the re-send counted as duplicate, and revocations still reach the node. */
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../../cloud/ingest/revocations.ts';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { freeze, thaw, useCleanups, waitFor } from '../../harness/index.ts';
import { BOOT, CLIENT, envelopes, type IngestStack, postBatch, startIngestStack, storedEnvelopes, TEST_SECRET, TRACK } from './support.ts';

const defer = useCleanups();
let stack: IngestStack;
const secret = Buffer.from(TEST_SECRET);
const token = issueToken(secret, { track_id: TRACK, client_id: CLIENT }).token;
const PUBLISH_TIMEOUT_MS = 500;

beforeAll(async () => {
  stack = await startIngestStack('ingest-outage-test', { ingest: { publish_timeout_ms: PUBLISH_TIMEOUT_MS } });
});
afterAll(() => stack?.stop());

describe('ingest nats outage', () => {
  it('ingest nats outage - a server that stops answering gets the box 503 with Retry-After after the publish timeout, and the batch lands once it answers again', async () => {
    const batch = { envelopes: envelopes(1, 5) };
    await freeze(stack.nats.pid);
    defer(() => thaw(stack.nats.pid));
    const answer = await postBatch(stack.cloud.url, token, batch);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body).toEqual({ error: `JetStream did not acknowledge within ${PUBLISH_TIMEOUT_MS} ms (ingest.publish_timeout_ms): send the batch again later`, retry_after_s: 5 });
    thaw(stack.nats.pid);
    const retried = await waitFor('the batch to be taken again', async () => {
      const a = await postBatch(stack.cloud.url, token, batch);
      return a.status === 200 ? a : undefined;
    });
    // The publishes that timed out may still have reached the stream: then the retry is their duplicate.
    expect((retried.body.accepted as number) + (retried.body.duplicate as number)).toBe(5);
    expect(retried.body.acked).toEqual({ [BOOT]: 5 });
    expect(await storedEnvelopes(stack.nc)).toBe(5);
  });

  it('ingest nats outage - a killed server gets 503 with Retry-After at once; after restart the node takes batches, counts the re-send as duplicate and still hears revocations', async () => {
    const batch = { envelopes: envelopes(11, 3) };
    expect((await postBatch(stack.cloud.url, token, batch)).body).toEqual({ accepted: 3, duplicate: 0, acked: { [BOOT]: 13 } });
    await stack.nats.kill();
    const down = await waitFor('the node to see NATS gone', async () => {
      const a = await postBatch(stack.cloud.url, token, { envelopes: envelopes(14, 2) });
      return a.body.error === 'the cloud cannot reach NATS right now: send the batch again later' ? a : undefined;
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect((await (await fetch(`${stack.cloud.url}/healthz`)).json()) as object).toMatchObject({ ok: false, ingest: { nats: false } });

    await stack.nats.restart();
    const back = await waitFor('the node to take batches again', async () => {
      const a = await postBatch(stack.cloud.url, token, batch);
      return a.status === 200 ? a : undefined;
    }, 30_000);
    expect(back.body).toEqual({ accepted: 0, duplicate: 3, acked: { [BOOT]: 13 } });

    const { token: late, claims } = issueToken(secret, { track_id: TRACK, client_id: CLIENT });
    expect((await postBatch(stack.cloud.url, late, { envelopes: envelopes(14, 1) })).status).toBe(200);
    // A fresh connection: the suite's own may still be waiting out its reconnect delay.
    const nc = await connect({ servers: stack.nats.url });
    defer(() => nc.close());
    await revokeToken(nc, claims.jti);
    await waitFor('the revocation to reach the node after the restart', async () => (await postBatch(stack.cloud.url, late, { envelopes: envelopes(15, 1) })).status === 401, 15_000);
  }, 60_000);
});
