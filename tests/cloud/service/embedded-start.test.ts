/** @module A newcomer's `mre cloud start` with no NATS_URL and no config: its own nats-server under the data dir, a generated token secret, an index at `/`, only URLs that answer, and nothing left running after a stop or a kill -9. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeTempDir, removeTempDir, terminate, trackChild, useCleanups, waitFor, type TrackedChild } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { BOOT, CLIENT, envelopes, postBatch, TRACK } from '../ingest/support.ts';

const defer = useCleanups();

/** No NATS_URL, no secret, no LiveRC contact: what a first start on a fresh machine has. */
function bareEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MRE_CLOUD_DATA_DIR: dataDir, MRE_HTTP_PORT: '0' };
  for (const key of ['NATS_URL', 'MRE_NATS_URL', 'MRE_INGEST_TOKEN_SECRET', 'MRE_INGEST_TOKEN_SECRET_FILE', 'MRE_LIVERC_CONTACT', 'MRE_CLOUD_ROLES']) delete env[key];
  return env;
}

async function startCloud(dataDir: string): Promise<{ child: TrackedChild; banner: string; url: string }> {
  const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start'], { cwd: REPO_ROOT, env: bareEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'] }));
  // SIGTERM first: a cloud killed with -9 would leave its own nats-server running after a failed test.
  defer(() => terminate(child, 'SIGTERM'));
  const banner = await waitFor('the start banner', () => (/  NATS: .*\n/.test(child.output()) ? child.output() : undefined), 60_000);
  return { child, banner, url: /index: +(\S+)\//.exec(banner)![1]! };
}

const pidAlive = (pid: number) => existsSync(`/proc/${pid}`);

it('embedded cloud - starts its own nats-server, lists only URLs that answer, takes a batch with a token from its generated secret, and stops it all on SIGTERM', async () => {
  const dir = await makeTempDir('cloud-embedded');
  defer(() => removeTempDir(dir));
  const dataDir = join(dir, 'cloud');
  const { child, banner, url } = await startCloud(dataDir);
  expect(banner).toMatch(/NATS: +nats:\/\/127\.0\.0\.1:\d+ \(its own nats-server, pid \d+/);
  expect(banner).toContain(`a new signing secret was written to ${join(dataDir, 'ingest-token-secret')}`);
  expect(banner).toMatch(/LiveRC: +not running \(set liverc\.contact/);
  const natsPid = Number(/its own nats-server, pid (\d+)/.exec(banner)![1]);
  expect(pidAlive(natsPid)).toBe(true);

  // Every URL the banner prints answers (a POST route answers its method, not 404).
  const printed = [...banner.matchAll(/(GET|POST) (http:\/\/\S+)/g)].map((m) => ({ method: m[1]!, url: m[2]! }));
  expect(printed.length).toBeGreaterThanOrEqual(2);
  for (const { method, url: target } of printed) {
    const response = await fetch(target, { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
    expect(response.status, `${method} ${target}`).not.toBe(404);
    await response.arrayBuffer();
  }
  const index = await fetch(`${url}/`, { headers: { accept: 'application/json' } });
  expect(index.status).toBe(200);
  expect(((await index.json()) as { roles: string[] }).roles).toContain('ingest');
  expect(await (await fetch(`${url}/`)).text()).toContain('<h1>MRE Trackside cloud</h1>');

  // The token commands find the generated secret and the embedded server without being told.
  const issued = await runMre(['cloud', 'token', 'issue', '--track', TRACK, '--client', CLIENT, '--json'], { env: bareEnv(dataDir), timeoutMs: 30_000 });
  expect(issued.code, issued.stderr).toBe(0);
  const { token, jti } = JSON.parse(issued.stdout) as { token: string; jti: string };
  const accepted = await postBatch(url, token, { envelopes: envelopes(1, 3) });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ accepted: 3, duplicate: 0, acked: { [BOOT]: 3 } });
  const revoked = await runMre(['cloud', 'token', 'revoke', jti], { env: bareEnv(dataDir), timeoutMs: 30_000 });
  expect(revoked.code, revoked.stderr).toBe(0);
  await waitFor('the revocation to reach the ingest node', async () => (await postBatch(url, token, { envelopes: envelopes(4, 1) })).status === 401 || undefined, 15_000);

  expect(await terminate(child, 'SIGTERM')).toEqual({ code: 0, signal: null });
  expect(child.output()).toContain('embedded nats-server stopped');
  await waitFor('the embedded nats-server to exit', () => !pidAlive(natsPid) || undefined, 10_000);
  expect(existsSync(join(dataDir, 'nats', 'url'))).toBe(false);
}, 120_000);

it('embedded cloud - a cloud killed with -9 leaves its nats-server; the next start stops that one and keeps the store', async () => {
  const dir = await makeTempDir('cloud-embedded-kill');
  defer(() => removeTempDir(dir));
  const dataDir = join(dir, 'cloud');
  const first = await startCloud(dataDir);
  const orphan = Number(readFileSync(join(dataDir, 'nats', 'pid'), 'utf8'));
  await terminate(first.child, 'SIGKILL');
  expect(pidAlive(orphan)).toBe(true);

  const second = await startCloud(dataDir);
  expect(second.child.output()).toContain(`stopping the embedded nats-server a killed cloud left running pid=${orphan}`);
  expect(pidAlive(orphan)).toBe(false);
  // The streams made by the first start are still there (same store): nothing is created again.
  expect(second.child.output()).not.toContain('created missing streams');
  expect(await terminate(second.child, 'SIGTERM')).toEqual({ code: 0, signal: null });
}, 120_000);
