/** @module The real `mre` against a LiveRC host that gives no answer: the one-line reason names the host and the real cause (cannot resolve, connection refused), never a robots.txt refusal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../harness/index.ts';
import { cloudEnv, startServers, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';
import { runMre } from '../../../support/run-mre.ts';

let servers: Servers;
let env: Record<string, string>;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  env = cloudEnv(servers.nats, servers.fake, { MRE_LIVERC_MAX_TRIES: '2' });
  const synced = await runMre(['tracks', 'sync'], { env, timeoutMs: 60_000 });
  expect(synced.code).toBe(0);
}, 90_000);
afterAll(async () => {
  await servers?.stop();
});

const refresh = (extra: Record<string, string>, json = false) =>
  runMre(['ingest', 'liverc', 'refresh-events', '--track-id', TEST_TRACK.slug, '--depth', 'none', ...(json ? ['--json'] : [])], { env: { ...env, ...extra }, timeoutMs: 60_000 });

describe('liverc cli hosts that give no answer', () => {
  it('liverc cli - a track host that does not resolve exits 1 with a one-line reason naming the host, and --json gives code network', async () => {
    const host = `${TEST_TRACK.slug}.liverc.invalid`;
    const result = await refresh({ MRE_LIVERC_TRACK_HOST: 'http://{slug}.liverc.invalid' });
    expect(result.code).toBe(1);
    const reason = result.stderr.trim().split('\n').at(-1)!;
    expect(reason).toMatch(new RegExp(`^mre ingest liverc refresh-events: cannot resolve host ${host.replaceAll('.', '\\.')} \\(`));
    expect(reason).not.toMatch(/disallow/);
    const json = await refresh({ MRE_LIVERC_TRACK_HOST: 'http://{slug}.liverc.invalid' }, true);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 'network', error: expect.stringMatching(/^cannot resolve host /) });
  }, 90_000);

  it('liverc cli - a track host that refuses connections exits 1 with a one-line reason saying connection refused', async () => {
    const port = await freePort();
    const result = await refresh({ MRE_LIVERC_TRACK_HOST: `http://127.0.0.1:${port}/{slug}` });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^mre ingest liverc refresh-events: connection refused by 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  }, 60_000);
});
