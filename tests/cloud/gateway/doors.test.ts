/**
 * @module The live gateway's doors over real HTTP: a private track refuses a client without a viewer
 * token, with another track's, a box token, an altered or revoked one, each saying why, and admits one
 * with its token by query or header; connection attempts per address and clients per process are
 * capped with clear refusals; a bad query or a plain GET is refused before any feed starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { viewerTokenOf } from '../../../cloud/gateway/viewer-door.ts';
import { issueViewerToken } from '../../../cloud/gateway/viewer-token.ts';
import { revokeToken } from '../../../cloud/ingest/revocations.ts';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { waitFor } from '../../harness/index.ts';
import { TEST_SECRET } from '../ingest/support.ts';
import { refusedUpgrade, startGatewayStack, type GatewayStack } from './support.ts';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

const secret = Buffer.from(TEST_SECRET);

describe('live gateway doors', () => {
  it('live gateway doors - a private track refuses a client without a valid viewer token for it, naming why, and admits one with it', async () => {
    stack = await startGatewayStack({ private_tracks: ['secret-track'], connect_burst: 100 });
    const url = (query: string) => stack!.url(query);
    const own = issueViewerToken(secret, 'secret-track');

    expect(await refusedUpgrade(url('track_id=secret-track'))).toEqual({ status: 401, body: { error: 'track_id "secret-track" is private: send a viewer token for it as ?token= or Authorization: Bearer (mre cloud token issue --viewer --track secret-track)' } });
    expect(await refusedUpgrade(url(`track_id=secret-track&token=${issueViewerToken(secret, 'other-track').token}`))).toEqual({ status: 403, body: { error: 'this viewer token is for track_id "other-track", not "secret-track"' } });
    const box = issueToken(secret, { track_id: 'secret-track', client_id: 'box-1' }).token;
    expect((await refusedUpgrade(url(`track_id=secret-track&token=${box}`))).body.error).toMatch(/^malformed token claims: not a viewer token/);
    const foreign = issueViewerToken(Buffer.from('another-cloud-secret-32-bytes-or-longer!!'), 'secret-track').token;
    expect(await refusedUpgrade(url(`track_id=secret-track&token=${foreign}`))).toMatchObject({ status: 401, body: { error: expect.stringMatching(/^token signature does not match/) } });
    expect(stack.cloud.live.gateway!.health()).toMatchObject({ clients: 0, tracks: 0 });

    const byQuery = await stack.client(`track_id=secret-track&token=${own.token}`);
    await waitFor('the snapshots', () => byQuery.messages.length === 2);
    expect(viewerTokenOf(undefined, `Bearer ${own.token}`)).toBe(own.token);
    expect(viewerTokenOf(undefined, own.token)).toEqual({ malformed: 'Authorization must be "Bearer <viewer token>"' });
    // A public track needs nothing.
    const open = await stack.client('track_id=public-track&channels=race');
    await waitFor('the public snapshot', () => open.messages.length === 1);

    await revokeToken(stack.nc, own.claims.jti, 'leaked');
    await waitFor('the revocation seen', async () => (await refusedUpgrade(url(`track_id=secret-track&token=${own.token}`)).catch(() => null))?.status === 401);
    expect((await refusedUpgrade(url(`track_id=secret-track&token=${own.token}`))).body.error).toBe(`viewer token ${own.claims.jti} has been revoked: ask for a new one`);
  });

  it('live gateway doors - a viewer token in the Authorization header is taken like one in the query', async () => {
    stack = await startGatewayStack({ private_tracks: ['secret-track'] });
    const { default: WebSocket } = await import('ws');
    const token = issueViewerToken(secret, 'secret-track').token;
    const opened = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(stack!.url('track_id=secret-track&channels=race'), { headers: { authorization: `Bearer ${token}` } });
      ws.once('message', () => {
        resolve(1);
        ws.terminate();
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    expect(opened).toBe(1);
    const wrong = await new Promise<number>((resolve) => {
      const ws = new WebSocket(stack!.url('track_id=secret-track'), { headers: { authorization: `Token ${token}` } });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(wrong).toBe(401);
  });

  it('live gateway doors - attempts per address past the burst get 429 with Retry-After; clients past max_clients get 503; bad queries 400, plain GET 426', async () => {
    stack = await startGatewayStack({ connect_burst: 4, connects_per_minute: 1, max_clients: 2 });
    const a = await stack.client('track_id=alpha');
    const b = await stack.client('track_id=beta');
    const third = await refusedUpgrade(stack.url('track_id=gamma'));
    expect(third).toEqual({ status: 503, body: { error: 'this live gateway serves its maximum of 2 clients (gateway.max_clients); try again later' } });
    expect(await refusedUpgrade(stack.url('track_id=Bad.Track'))).toMatchObject({ status: 400, body: { error: expect.stringContaining('track_id "Bad.Track" must be') } });
    const limited = await fetch(`${stack.cloud.url}/ws/v1/live?track_id=alpha`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toEqual({ error: 'too many connection attempts from 127.0.0.1: wait 60 s before connecting again' });
    expect(await stack.consumers()).toBe(2);
    await Promise.all([a.close(), b.close()]);
  });

  it('live gateway doors - a plain GET is told to upgrade', async () => {
    stack = await startGatewayStack();
    const plain = await fetch(`${stack.cloud.url}/ws/v1/live?track_id=alpha`);
    expect(plain.status).toBe(426);
    expect(plain.headers.get('upgrade')).toBe('websocket');
    expect(await plain.json()).toEqual({ error: '/ws/v1/live is a WebSocket endpoint: send "Upgrade: websocket"' });
    expect(await stack.consumers()).toBe(0);
  });
});
