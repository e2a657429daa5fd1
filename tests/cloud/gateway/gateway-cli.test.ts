/** @module The real `mre` for the live roles: `cloud token issue --viewer`, and `cloud start --roles gateway,projection` admitting a private track's viewer with that token until SIGTERM. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkViewerToken } from '../../../cloud/gateway/viewer-token.ts';
import { makeTempDir, removeTempDir, startNatsServer, terminate, trackChild, useCleanups, waitFor, type NatsServer } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { SMALL_STREAMS, TEST_SECRET } from '../ingest/support.ts';
import { LiveTestClient, refusedUpgrade } from './support.ts';

const defer = useCleanups();
let nats: NatsServer;
let dir: string;
let configFile: string;

beforeAll(async () => {
  nats = await startNatsServer();
  dir = await makeTempDir('gateway-cli');
  configFile = join(dir, 'cloud.json');
  const config = { nats_url: nats.url, http: { host: '127.0.0.1', port: 0 }, streams: SMALL_STREAMS, ingest: { token_secret: TEST_SECRET }, gateway: { private_tracks: ['secret-track'] } };
  writeFileSync(configFile, JSON.stringify(config));
});
afterAll(async () => {
  await nats?.stop();
  if (dir) await removeTempDir(dir);
});

const mre = (args: string[]) => runMre(args, { timeoutMs: 30_000 });

describe('gateway cli', () => {
  it('gateway cli - token issue --viewer prints a viewer token for the track; --client with it is wrong usage', async () => {
    const json = await mre(['cloud', 'token', 'issue', '--viewer', '--track', 'secret-track', '--json', '--config', configFile]);
    expect(json.code, json.stderr).toBe(0);
    const issued = JSON.parse(json.stdout) as { token: string; jti: string };
    expect(issued).toEqual({ token: expect.stringMatching(/^mre1\./), jti: expect.stringMatching(/^[0-9A-Z]{26}$/), kind: 'viewer', track_id: 'secret-track', issued_at: expect.any(String) });
    expect(checkViewerToken(Buffer.from(TEST_SECRET), issued.token)).toMatchObject({ ok: true, claims: { kind: 'viewer', track_id: 'secret-track', jti: issued.jti } });

    const text = await mre(['cloud', 'token', 'issue', '--viewer', '--track', 'open-track', '--config', configFile]);
    expect(text.stdout).toMatch(/^mre1\.[\w-]+\.[\w-]+\n$/);
    expect(text.stderr).toMatch(/^viewer token [0-9A-Z]{26} for track open-track, issued \S+, valid for 30 days; viewers send it as \?token= or Authorization: Bearer\n/);
    expect(text.stderr).toContain('note: open-track is not in gateway.private_tracks of this config, so its feed needs no token');
    const both = await mre(['cloud', 'token', 'issue', '--viewer', '--track', 'secret-track', '--client', 'box-1', '--config', configFile]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('mre cloud token issue: --client is for box tokens; a viewer token (--viewer) names only --track');
  });

  it('gateway cli - cloud start --roles gateway,projection admits a private track\'s viewer with an issued token and refuses one without; SIGTERM stops it', async () => {
    const token = (await mre(['cloud', 'token', 'issue', '--viewer', '--track', 'secret-track', '--config', configFile])).stdout.trim();
    const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start', '--roles', 'gateway,projection', '--config', configFile], { cwd: REPO_ROOT, env: process.env }));
    defer(() => terminate(child, 'SIGKILL'));
    const base = await waitFor('the cloud banner', () => /gateway: +WS (ws:\/\/[^/\s]+)\/ws\/v1\/live/.exec(child.output())?.[1], 30_000);
    expect(child.output()).toMatch(/roles: +gateway, projection/);
    const health = (await (await fetch(`${base.replace(/^ws/, 'http')}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, projection: { nats: true, applied: 0 }, gateway: { nats: true, clients: 0 } });

    expect((await refusedUpgrade(`${base}/ws/v1/live?track_id=secret-track`)).status).toBe(401);
    const viewer = await LiveTestClient.connect(`${base}/ws/v1/live?track_id=secret-track&token=${token}`);
    defer(() => viewer.close());
    await waitFor('the snapshots', () => viewer.messages.length === 2);
    expect(viewer.messages.map((m) => [m.kind, m.channel, m.track_id])).toEqual([['snapshot', 'race', 'secret-track'], ['snapshot', 'decoder', 'secret-track']]);

    expect(await terminate(child, 'SIGTERM')).toEqual({ code: 0, signal: null });
    await waitFor('the viewer closed', () => viewer.closeCode !== null);
    expect(viewer.closeCode).toBe(1001);
    expect(child.output()).toMatch(/cloud stopped/);
  }, 60_000);
});
