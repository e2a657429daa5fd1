/** @module A LiveRC host that gives no answer, seen by a club admin: the API error and the import job's log and error name the real cause (a host that does not resolve, a refused connection), never a robots.txt refusal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVERC_API_PREFIX } from '../../../../cloud/liverc/api/index.ts';
import type { EventRecord } from '../../../../cloud/liverc/store/records.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { freePort, waitFor } from '../../../harness/index.ts';
import { startServers, startTestCloud, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';
import { signIn, type Login } from '../../../support/portal-login.ts';

let servers: Servers;
/** Tracks under `.invalid`, a name that never resolves (RFC 2606); the catalogue on the fake. */
let unresolved: CloudService;
/** Tracks on a loopback port nobody listens on. */
let refused: CloudService;
let refusedPort: number;
/** An admin of each cloud (both share one NATS, so one user; each signs in at its own door). */
const admins = new Map<CloudService, Login>();

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  unresolved = await startTestCloud(servers, { MRE_LIVERC_TRACK_HOST: 'http://{slug}.liverc.invalid', MRE_LIVERC_MAX_TRIES: '2' });
  await unresolved.runtime.ingestion.syncTracks();
  refusedPort = await freePort();
  // One worker on this NATS is enough: the jobs here run in the first cloud.
  refused = await startTestCloud(servers, { MRE_LIVERC_TRACK_HOST: `http://127.0.0.1:${refusedPort}/{slug}`, MRE_LIVERC_MAX_TRIES: '2' }, { worker: false });
  admins.set(unresolved, await signIn(unresolved, 'admin'));
  admins.set(refused, await signIn(refused, 'admin'));
}, 60_000);
afterAll(async () => {
  await refused?.stop(0);
  await unresolved?.stop(0);
  await servers?.stop();
});

type Json = Record<string, any>;
async function post(cloud: CloudService, path: string): Promise<{ status: number; body: Json }> {
  const res = await cloud.app.request(`${LIVERC_API_PREFIX}${path}`, { method: 'POST', headers: admins.get(cloud)!.headers('POST') });
  return { status: res.status, body: (await res.json()) as Json };
}

const HOST = `${TEST_TRACK.slug}.liverc.invalid`;

describe('liverc api hosts that give no answer', () => {
  it('liverc api - a refresh of a track whose host does not resolve answers 502 with code network naming the host, not a robots.txt refusal', async () => {
    const answer = await post(unresolved, `/tracks/${TEST_TRACK.slug}/refresh`);
    expect(answer.status).toBe(502);
    expect(answer.body.code).toBe('network');
    expect(answer.body.error).toMatch(new RegExp(`^cannot resolve host ${HOST.replaceAll('.', '\\.')} \\(.*robots\\.txt could not be fetched, so http://${HOST.replaceAll('.', '\\.')}/events/ was not requested$`));
    expect(answer.body.error).not.toMatch(/disallow/);
  }, 30_000);

  it('liverc api - a refresh of a track whose host refuses connections answers 502 with code network saying connection refused', async () => {
    const answer = await post(refused, `/tracks/${TEST_TRACK.slug}/refresh`);
    expect(answer.status).toBe(502);
    expect(answer.body).toEqual({ code: 'network', error: expect.stringMatching(new RegExp(`^connection refused by 127\\.0\\.0\\.1:${refusedPort} \\(ECONNREFUSED\\)`)) });
  }, 30_000);

  it('liverc jobs - an import from a track host that does not resolve fails with code network, and its log names the host and the cause', async () => {
    const { ingestion } = unresolved.runtime;
    // The event as an earlier refresh (before the track's host went away) would have listed it.
    const event: EventRecord = { source: 'liverc', source_event_id: '610003', track_slug: TEST_TRACK.slug, name: 'Winter Series Round 4', date_start: '2024-07-07', date_end: '2024-07-07', entries: 6, drivers: 6, total_race_laps: null, ingest_depth: 'none', last_ingested_at_ms: null, races: null, laps: null };
    await ingestion.store.upsert('events', event.source_event_id, event);
    ingestion.index.upsertEvent(event);
    const submitted = await post(unresolved, `/events/${event.source_event_id}/import`);
    expect(submitted.status).toBe(202);
    const job = await waitFor('the job to end', async () => {
      const state = await unresolved.queue.get(submitted.body.job.job_id);
      return state && (state.state === 'done' || state.state === 'failed') ? state : undefined;
    }, 30_000);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('network');
    expect(job.error?.message).toMatch(new RegExp(`^cannot resolve host ${HOST.replaceAll('.', '\\.')}`));
    expect(job.log.find((line) => line.startsWith(`GET http://${HOST}/robots.txt -> no answer`))).toMatch(new RegExp(`cannot resolve host ${HOST.replaceAll('.', '\\.')}`));
    expect(job.log.at(-1)).toMatch(new RegExp(`^failed: cannot resolve host ${HOST.replaceAll('.', '\\.')}`));
    expect(job.log.some((line) => /disallow/.test(line))).toBe(false);
  }, 40_000);
});
