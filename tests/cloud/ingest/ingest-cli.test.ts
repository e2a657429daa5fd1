/** @module The real `mre` for the ingest role: `cloud provision` (JSON and text, a field-naming failure), `cloud token issue|revoke`, and `cloud start --roles ingest` taking a batch with an issued token until SIGTERM. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, startNatsServer, terminate, trackChild, useCleanups, waitFor, type NatsServer } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { BOOT, CLIENT, envelopes, postBatch, rawIngestConfig, TEST_SECRET, TRACK } from './support.ts';

const defer = useCleanups();
let nats: NatsServer;
let nc: NatsConnection;
let dir: string;
let configFile: string;

beforeAll(async () => {
  nats = await startNatsServer();
  nc = await connect({ servers: nats.url });
  dir = await makeTempDir('ingest-cli');
  configFile = join(dir, 'cloud.json');
  writeFileSync(configFile, JSON.stringify(rawIngestConfig(nats.url)));
});
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
  if (dir) await removeTempDir(dir);
});

const mre = (args: string[], env: Record<string, string> = {}) => runMre(args, { env, timeoutMs: 30_000 });

describe('ingest cli', () => {
  it('ingest cli - cloud provision makes every stream and bucket, then reports them unchanged', async () => {
    const first = await mre(['cloud', 'provision', '--config', configFile, '--json']);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { nats_url: string; replicas: number; streams: { stream: string; action: string }[] };
    expect(report).toMatchObject({ nats_url: nats.url, replicas: 1 });
    expect(report.streams.map((s) => s.action)).toEqual(Array(10).fill('created'));
    const again = await mre(['cloud', 'provision', '--config', configFile]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^ {2}timing_ingest_raw_v1\s+unchanged$/m);
    expect(again.stdout).toMatch(/^ {2}mre_revoked_tokens \(KV\)\s+unchanged$/m);
    expect(again.stdout).toMatch(/^ {2}mre_accounts \(KV\)\s+unchanged$/m);
    expect(again.stdout).toMatch(/^ {2}mre_race_state \(objects\)\s+unchanged$/m);
    expect(again.stdout.trim().split('\n').at(-1)).toBe(`provisioned ${nats.url} (1 replica): 0 created, 0 updated, 10 unchanged`);
  });

  it('ingest cli - cloud provision with more replicas than servers exits 1 naming streams.replicas', async () => {
    const result = await mre(['cloud', 'provision', '--config', configFile], { MRE_STREAMS_REPLICAS: '3' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^mre cloud provision: streams\.replicas: 3 replicas asked, but the NATS server at \S+ is not part of a cluster/);
  });

  it('ingest cli - token issue prints the token alone on stdout (its id on stderr); without a secret, or with a bad track, it exits 2', async () => {
    const issued = await mre(['cloud', 'token', 'issue', '--track', TRACK, '--client', CLIENT], { MRE_INGEST_TOKEN_SECRET: TEST_SECRET });
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(/^mre1\.[\w-]+\.[\w-]+\n$/);
    expect(issued.stderr).toMatch(/^token [0-9A-Z]{26} for track canberra, client box-1, issued \S+, valid for 365 days\nrevoke it with: mre cloud token revoke [0-9A-Z]{26}\n$/);
    const json = await mre(['cloud', 'token', 'issue', '--track', TRACK, '--client', CLIENT, '--json', '--config', configFile]);
    expect(JSON.parse(json.stdout)).toEqual({ token: expect.stringMatching(/^mre1\./), jti: expect.any(String), track_id: TRACK, client_id: CLIENT, issued_at: expect.any(String) });
    const noSecret = await mre(['cloud', 'token', 'issue', '--track', TRACK, '--client', CLIENT]);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/ingest\.token_secret: box tokens need a secret of at least 32 bytes/);
    const badTrack = await mre(['cloud', 'token', 'issue', '--track', 'Canberra Raceway', '--client', CLIENT], { MRE_INGEST_TOKEN_SECRET: TEST_SECRET });
    expect(badTrack.code).toBe(2);
    expect(badTrack.stderr.trim()).toBe('mre cloud token issue: --track "Canberra Raceway" must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit');
  });

  it('ingest cli - token revoke writes the id into the revoked-token bucket; a wrong id exits 2', async () => {
    const { jti } = JSON.parse((await mre(['cloud', 'token', 'issue', '--track', TRACK, '--client', CLIENT, '--json', '--config', configFile])).stdout) as { jti: string };
    const revoked = await mre(['cloud', 'token', 'revoke', jti, '--reason', 'box sold', '--config', configFile]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked token ${jti} at \\S+; every ingest node refuses it within seconds\\n$`));
    const kv = await new Kvm(jetstream(nc)).open('mre_revoked_tokens');
    expect((await kv.get(jti))?.json()).toEqual({ jti, revoked_at: expect.any(String), reason: 'box sold' });
    const wrong = await mre(['cloud', 'token', 'revoke', 'nope', '--config', configFile]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/"nope" is not a token id/);
  });

  it('ingest cli - cloud start --roles ingest takes a batch sent with an issued token, and SIGTERM stops it cleanly', async () => {
    const token = (await mre(['cloud', 'token', 'issue', '--track', TRACK, '--client', CLIENT, '--config', configFile])).stdout.trim();
    const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start', '--roles', 'ingest', '--config', configFile], { cwd: REPO_ROOT, env: process.env }));
    defer(() => terminate(child, 'SIGKILL'));
    const url = await waitFor('the cloud banner', () => /ingest: +POST (http:\/\/\S+)\/api\/ingest\/batch/.exec(child.output())?.[1], 30_000);
    expect(child.output()).not.toMatch(/liverc: +GET/);
    expect((await postBatch(url, token, { envelopes: envelopes(1, 2) })).body).toEqual({ accepted: 2, duplicate: 0, acked: { [BOOT]: 2 } });
    expect(await terminate(child, 'SIGTERM')).toEqual({ code: 0, signal: null });
    expect(child.output()).toMatch(/cloud stopped/);
  }, 60_000);

  it('ingest cli - cloud start with an unknown role, or the ingest role without a secret, exits 2 naming the problem', async () => {
    const result = await mre(['cloud', 'start', '--roles', 'ingest,portal', '--config', configFile]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^mre cloud start: --roles: role "portal" is not one of ingest, liverc, \w/);
    const noSecret = await mre(['cloud', 'start', '--roles', 'ingest'], { MRE_NATS_URL: nats.url, MRE_HTTP_PORT: '0' });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr.trim().split('\n').at(-1)).toMatch(/^mre cloud start: invalid configuration: ingest\.token_secret: box tokens need a secret of at least 32 bytes/);
  });
});
