/** @module The API's work queues against a real nats-server and the fake LiveRC: identical refreshes merged, a refresh whose client disconnects dropped, full refresh and import queues answered 429 with Retry-After. */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVERC_API_PREFIX } from '../../../../cloud/liverc/api/index.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { waitFor } from '../../../harness/index.ts';
import { startServers, startTestCloud, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { eventsListHtml } from '../../../support/liverc-pages/catalogue-pages.ts';
import { PATHS } from '../../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK, TRACKS } from '../../../support/liverc-pages/site.ts';
import { signIn, type Login } from '../../../support/portal-login.ts';

let servers: Servers;
let cloud: CloudService;
let eventIds: string[];
let admin: Login;

/** Each track's events list, one event each, answered after `delay_ms`. */
function serveEventLists(delayMs: number): void {
  for (const [i, track] of TRACKS.entries()) {
    if (track.slug === TEST_TRACK.slug) continue;
    const row = { event_id: String(700_001 + i), name: `${track.name} club day`, date: '2025-05-04', time: '08:30:00', entries: 10, drivers: 9 };
    servers.fake.page(track.slug, PATHS.eventList, eventsListHtml(track.name, [row]), { otherwise: { delay_ms: delayMs } });
  }
}

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  eventIds = serveTestTrack(servers.fake).events.map((e) => e.event_id);
  // No worker: submitted imports stay queued, so the import queue can be filled.
  cloud = await startTestCloud(servers, { MRE_QUEUES_REFRESHES: '2', MRE_QUEUES_IMPORTS: '2' }, { worker: false });
  await cloud.runtime.ingestion.syncTracks();
  admin = await signIn(cloud, 'admin');
}, 60_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

type Json = Record<string, any>;
async function post(path: string): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await cloud.app.request(`${LIVERC_API_PREFIX}${path}`, { method: 'POST', headers: admin.headers('POST') });
  return { status: res.status, body: (await res.json()) as Json, headers: res.headers };
}

const requestsFor = (slug: string) => servers.fake.requestsTo(slug).filter((r) => r.path !== '/robots.txt');

describe('liverc api refresh queue', () => {
  it('liverc api - two refreshes of one track at once share one request to LiveRC and one result', async () => {
    const { fake } = servers;
    const list = fake.requestsTo(TEST_TRACK.slug, PATHS.eventList).length;
    const [a, b] = await Promise.all([post(`/tracks/${TEST_TRACK.slug}/refresh`), post(`/tracks/${TEST_TRACK.slug}/refresh`)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect([...a.body.added].sort()).toEqual([...eventIds].sort());
    expect(fake.requestsTo(TEST_TRACK.slug, PATHS.eventList).length - list).toBe(1);
  }, 30_000);

  it('liverc api - a full refresh queue answers 429 with Retry-After, naming the queue and its size; a refresh already queued is joined', async () => {
    serveEventLists(600);
    const first = post('/tracks/trc/refresh');
    const second = post('/tracks/thunderalley/refresh');
    await waitFor('two refreshes in flight', () => cloud.runtime.ingestion.refreshesPending === 2 || undefined, 5_000);
    const refused = await post('/tracks/canberra-indoor/refresh');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toEqual({ error: expect.stringMatching(/^the LiveRC refresh queue is full: it holds 2 track refreshes waiting or running, its limit; try again in 1 s$/), code: 'queue_full', queue: 'refreshes', size: 2 });
    const joined = post('/tracks/trc/refresh');
    const answers = await Promise.all([first, second, joined]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[2]!.body).toEqual(answers[0]!.body);
    expect(requestsFor('canberra-indoor')).toEqual([]);
    expect((await post('/tracks/canberra-indoor/refresh')).status).toBe(200);
  }, 30_000);

  it('liverc api - a refresh whose HTTP client disconnects leaves the queue and LiveRC is never asked for it', async () => {
    serveEventLists(600);
    const busy = post('/tracks/trc/refresh');
    await waitFor('the first refresh to reach LiveRC', () => requestsFor('trc').some((r) => r.done_at_ms === null) || undefined, 5_000);
    const before = servers.fake.requestsTo('thunderalley').length;
    // A real client on the real port, gone before its refresh's turn comes.
    const req = httpRequest(`${cloud.url}${LIVERC_API_PREFIX}/tracks/thunderalley/refresh`, { method: 'POST', headers: admin.headers('POST') });
    req.on('error', () => undefined);
    req.end();
    await waitFor('the second refresh to be queued', () => cloud.runtime.ingestion.refreshesPending === 2 || undefined, 5_000);
    req.destroy();
    await waitFor('the abandoned refresh to leave', () => cloud.runtime.ingestion.refreshesPending === 1 || undefined, 5_000);
    expect((await busy).status).toBe(200);
    // Queued after the abandoned one: had it stayed, LiveRC would have seen it before this one.
    expect((await post('/tracks/canberra-indoor/refresh')).status).toBe(200);
    expect(servers.fake.requestsTo('thunderalley').length).toBe(before);
  }, 30_000);
});

describe('liverc api import queue', () => {
  it('liverc api - a full import queue answers 429 with Retry-After naming the queue and its size; a double click on a queued import still finds its job', async () => {
    const [a, b, c] = eventIds as [string, string, string];
    const first = await post(`/events/${a}/import`);
    const second = await post(`/events/${b}/import`);
    expect([first.status, second.status]).toEqual([202, 202]);
    const refused = await post(`/events/${c}/import`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.body).toEqual({ error: 'the LiveRC import queue is full: it holds 2 imports waiting or running, its limit; try again in 60 s', code: 'queue_full', queue: 'imports', size: 2 });
    const again = await post(`/events/${a}/import`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ duplicate: true, job: { job_id: first.body.job.job_id, state: 'queued' } });
    // The refused submit left no job behind.
    const refusedId = first.body.job.job_id.replace(`-${a}-`, `-${c}-`);
    expect(await cloud.queue.get(refusedId)).toBeNull();
  }, 30_000);
});
