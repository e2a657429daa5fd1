/** @module Revoking a box token across two ingest processes on one NATS: both take it, one revocation in KV, both refuse it within seconds with nothing stored; a node started later knows it from the start. */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../../cloud/ingest/revocations.ts';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { startNatsServer, useCleanups, waitFor, type NatsServer } from '../../harness/index.ts';
import { BOOT, CLIENT, envelopes, ingestConfig, postBatch, storedEnvelopes, TEST_SECRET, TRACK } from './support.ts';

const defer = useCleanups();
let nats: NatsServer;
let nc: NatsConnection;
let nodes: CloudService[];
const secret = Buffer.from(TEST_SECRET);

beforeAll(async () => {
  nats = await startNatsServer();
  nodes = [await startCloud(ingestConfig(nats.url), { name: 'ingest-a' }), await startCloud(ingestConfig(nats.url), { name: 'ingest-b' })];
  nc = await connect({ servers: nats.url });
});
afterAll(async () => {
  for (const node of nodes ?? []) await node.stop();
  await nc?.close();
  await nats?.stop();
});

describe('token revocation', () => {
  it('token revocation - a token both nodes take is refused by both within seconds of one revocation, and nothing more is stored', async () => {
    const { token, claims } = issueToken(secret, { track_id: TRACK, client_id: CLIENT });
    const keep = issueToken(secret, { track_id: TRACK, client_id: CLIENT }).token;
    for (const [i, node] of nodes.entries()) {
      expect((await postBatch(node.url, token, { envelopes: envelopes(1 + i * 10, 2) })).body).toMatchObject({ accepted: 2, acked: { [BOOT]: 2 + i * 10 } });
    }
    const revoked = await revokeToken(nc, claims.jti, 'box stolen');
    expect(revoked).toEqual({ jti: claims.jti, revoked_at: expect.any(String), reason: 'box stolen' });
    const stored = await storedEnvelopes(nc);
    for (const node of nodes) {
      const answer = await waitFor(`${node.url} to refuse the revoked token`, async () => {
        const a = await postBatch(node.url, token, { envelopes: envelopes(100, 2) });
        return a.status === 401 ? a : undefined;
      }, 10_000);
      expect(answer.body).toEqual({ error: `token ${claims.jti} has been revoked: issue the box a new one` });
      expect(node.ingest?.revocations.has(claims.jti)).toBe(true);
    }
    expect(await storedEnvelopes(nc)).toBe(stored);
    // Another token of the same box is untouched.
    expect((await postBatch(nodes[0]!.url, keep, { envelopes: envelopes(100, 1) })).status).toBe(200);
  });

  it('token revocation - a node started after the revocation refuses the token from its first request', async () => {
    const { token, claims } = issueToken(secret, { track_id: TRACK, client_id: CLIENT });
    await revokeToken(nc, claims.jti);
    const late = await startCloud(ingestConfig(nats.url), { name: 'ingest-late' });
    defer(() => late.stop());
    expect(late.ingest?.revocations.size).toBeGreaterThanOrEqual(2);
    expect((await postBatch(late.url, token, { envelopes: envelopes(200, 1) })).status).toBe(401);
  });

  it('token revocation - an id that is not a token id is refused before anything is written', async () => {
    await expect(revokeToken(nc, 'not-an-id')).rejects.toThrow(/"not-an-id" is not a token id/);
  });
});
