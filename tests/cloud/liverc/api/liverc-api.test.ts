/** @module The LiveRC API in process (`app.request()`) over a real nats-server and the fake LiveRC: parameter checks naming the field, 404s, typeahead, held-between, imports as jobs with SSE progress, results and laps. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVERC_API_PREFIX } from '../../../../cloud/liverc/api/index.ts';
import { lapModelRaceSchema } from '../../../../shared/contracts/lap-model.ts';
import type { JobState } from '../../../../cloud/liverc/jobs/index.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { waitFor } from '../../../harness/index.ts';
import { startServers, startTestCloud, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { fullName, lapCount, type SynthEvent } from '../../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';
import { signIn, type Login } from '../../../support/portal-login.ts';

let servers: Servers;
let cloud: CloudService;
let events: SynthEvent[];
let admin: Login;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  events = serveTestTrack(servers.fake).events;
  cloud = await startTestCloud(servers);
  await cloud.runtime.ingestion.syncTracks();
  admin = await signIn(cloud, 'admin');
}, 60_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

/** Responses are read as loose JSON; the assertions say what shape they must have. */
type Json = Record<string, any>;
async function call(method: string, path: string): Promise<{ status: number; body: Json }> {
  const res = await cloud.app.request(`${LIVERC_API_PREFIX}${path}`, { method, headers: admin.headers(method) });
  return { status: res.status, body: (await res.json()) as Json };
}
const get = (path: string) => call('GET', path);
const post = (path: string) => call('POST', path);

async function sse(path: string): Promise<{ event: string; data: Json }[]> {
  const res = await cloud.app.request(`${LIVERC_API_PREFIX}${path}`, { headers: admin.headers() });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data:'))
    .map((block) => ({ event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message', data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Json }));
}

const endOf = (jobId: string) =>
  waitFor(`job ${jobId} to end`, async () => {
    const job = (await get(`/jobs/${jobId}`)).body.job as JobState;
    return job.state === 'done' || job.state === 'failed' ? job : undefined;
  }, 40_000);

describe('liverc api catalogue', () => {
  it('liverc api - track typeahead matches word starts in name or slug and honours limit', async () => {
    const found = await get('/tracks?q=canb');
    expect(found.status).toBe(200);
    expect(found.body.tracks.map((t: Json) => t.slug).sort()).toEqual(['canberra-indoor', 'canberraoffroad']);
    expect((await get('/tracks?q=thun%20all')).body.tracks.map((t: Json) => t.slug)).toEqual(['thunderalley']);
    expect((await get('/tracks?q=r&limit=2')).body.tracks).toHaveLength(2);
    expect((await get('/tracks?q=')).body.tracks).toEqual([]);
  });

  it('liverc api - typeahead refuses a missing q and a limit above 50, naming the field', async () => {
    expect(await get('/tracks')).toEqual({ status: 400, body: { error: expect.stringMatching(/^q is required/) } });
    expect(await get('/tracks?q=a&limit=51')).toEqual({ status: 400, body: { error: expect.stringMatching(/^limit must be a whole number from 1 to 50/) } });
    expect((await get('/tracks?q=a&limit=0')).status).toBe(400);
  });

  it('liverc api - events between two dates refuse bad, missing and reversed dates, naming the field', async () => {
    const base = `/tracks/${TEST_TRACK.slug}/events`;
    expect(await get(`${base}?to=2025-12-31`)).toEqual({ status: 400, body: { error: 'from is required, as YYYY-MM-DD' } });
    expect((await get(`${base}?from=2025-01-01`)).body.error).toBe('to is required, as YYYY-MM-DD');
    expect((await get(`${base}?from=2025-02-30&to=2025-12-31`)).body.error).toMatch(/^from must be a date as YYYY-MM-DD/);
    expect((await get(`${base}?from=2025-01-01&to=31/12/2025`)).body.error).toMatch(/^to must be a date/);
    expect(await get(`${base}?from=2025-06-01&to=2025-05-01`)).toEqual({ status: 400, body: { error: 'from (2025-06-01) must not be after to (2025-05-01)' } });
    expect((await get('/tracks/Not_A_Slug/events?from=2025-01-01&to=2025-01-02')).status).toBe(400);
    expect(await get('/tracks/nosuchtrack/events?from=2025-01-01&to=2025-01-02')).toEqual({ status: 404, body: { error: expect.stringMatching(/^track nosuchtrack is not in the catalogue/) } });
  });

  it('liverc api - refresh lists a track\'s events, and events between dates are held-between, multi-day by overlap', async () => {
    const refreshed = await post(`/tracks/${TEST_TRACK.slug}/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.added.sort()).toEqual(events.map((e) => e.event_id).sort());
    const march = await get(`/tracks/${TEST_TRACK.slug}/events?from=2025-03-01&to=2025-03-31`);
    expect(march.body.events.map((e: Json) => e.source_event_id)).toEqual(['610001', '610002']);
    expect((await get(`/tracks/${TEST_TRACK.slug}/events?from=2024-07-07&to=2024-07-07`)).body.events.map((e: Json) => e.source_event_id)).toEqual(['610003']);
    // The events list shows start days only; the event page of the import gives the real end day.
    expect((await get(`/tracks/${TEST_TRACK.slug}/events?from=2025-03-16&to=2025-03-20`)).body.events).toEqual([]);
    const { job } = (await post('/events/610002/import')).body;
    expect((await endOf(job.job_id)).state).toBe('done');
    const lastDay = await get(`/tracks/${TEST_TRACK.slug}/events?from=2025-03-16&to=2025-03-20`);
    expect(lastDay.body.events).toMatchObject([{ source_event_id: '610002', date_start: '2025-03-14', date_end: '2025-03-16', ingest_depth: 'laps_full' }]);
  }, 60_000);
});

describe('liverc api imports', () => {
  it('liverc api - import answers 202 with the job; a second click gets the same job; the SSE stream shows state, progress and log until done', async () => {
    const event = events[0]!;
    const first = await post(`/events/${event.event_id}/import`);
    const second = await post(`/events/${event.event_id}/import`);
    expect(first.status).toBe(202);
    expect(first.body.job).toMatchObject({ event_id: event.event_id, state: expect.stringMatching(/^(queued|running)$/), reingest: false });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ duplicate: true, job: { job_id: first.body.job.job_id } });
    const stream = await sse(`/jobs/${first.body.job.job_id}/stream`);
    expect(stream[0]!.event).toBe('state');
    expect(stream.at(-1)).toMatchObject({ event: 'state', data: { state: 'done', job_id: first.body.job.job_id } });
    const progress = stream.filter((m) => m.event === 'progress').map((m) => m.data);
    expect(progress.at(-1)).toEqual({ races_done: event.races.length, races_total: event.races.length, laps_done: event.races.reduce((n, r) => n + lapCount(r), 0), laps_total: event.races.reduce((n, r) => n + lapCount(r), 0) });
    expect(stream.some((m) => m.event === 'log' && /view_race_result/.test(m.data.line))).toBe(true);
    const job = (await get(`/jobs/${first.body.job.job_id}`)).body.job as JobState;
    expect(job).toMatchObject({ state: 'done', error: null, result: { import: { status: 'imported', races: event.races.length } } });
    // An ended job streams its final state and closes.
    expect((await sse(`/jobs/${job.job_id}/stream`)).map((m) => [m.event, m.data.state])).toEqual([['state', 'done']]);
  }, 60_000);

  it('liverc api - importing a complete event answers already_complete; reingest=true queues a new job', async () => {
    const event = events[0]!;
    await waitFor('the event to be imported', async () => (await get(`/events/${event.event_id}`)).body.event?.ingest_depth === 'laps_full' || undefined, 40_000);
    const again = await post(`/events/${event.event_id}/import`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'already_complete', event: { source_event_id: event.event_id, ingest_depth: 'laps_full' } });
    const forced = await post(`/events/${event.event_id}/import?reingest=true`);
    expect(forced.status).toBe(202);
    expect(forced.body.job).toMatchObject({ reingest: true });
    expect((await endOf(forced.body.job.job_id)).result?.import.status).toBe('imported');
    expect((await post(`/events/${event.event_id}/import?reingest=maybe`)).body.error).toMatch(/^reingest must be true or false/);
  }, 60_000);

  it('liverc api - an event returns its races oldest first with results in finishing order, and a race its laps', async () => {
    const event = events[0]!;
    const detail = await get(`/events/${event.event_id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.races.map((r: Json) => r.source_race_id)).toEqual([...event.races].reverse().map((r) => r.race_id));
    const main = event.races[1]!;
    const race = detail.body.races.find((r: Json) => r.source_race_id === main.race_id);
    expect(race.results.map((r: Json) => r.driver_name)).toEqual(main.results.map((r) => fullName(r.driver)));
    expect(race.results[0]).toMatchObject({ position: 1, source_driver_id: main.results[0]!.driver.id, laps: main.results[0]!.laps.length });
    const laps = await get(`/races/${main.race_id}/laps`);
    expect(laps.status).toBe(200);
    expect(laps.body.race.source_race_id).toBe(main.race_id);
    expect(laps.body.drivers[0]).toMatchObject({ driver_name: fullName(main.results[0]!.driver), position: 1, laps: main.results[0]!.laps });
    const model = await get(`/races/${main.race_id}/lap-model`);
    expect(model.status).toBe(200);
    expect(lapModelRaceSchema.parse(model.body)).toEqual(await cloud.runtime.ingestion.raceLapModel(main.race_id));
    // Session-protected like every route here: no cookie, no race.
    expect((await cloud.app.request(`${LIVERC_API_PREFIX}/races/${main.race_id}/lap-model`)).status).toBe(401);
    expect(model.body.results[0]).toMatchObject({ driver_name: fullName(main.results[0]!.driver), position: 1, laps: main.results[0]!.laps.length });
  });

  it('liverc api - unknown and malformed ids are 404s and 400s with a JSON error', async () => {
    expect(await get('/events/999999')).toEqual({ status: 404, body: { error: 'event 999999 is not in the catalogue' } });
    expect((await post('/events/999999/import')).status).toBe(404);
    expect((await get('/events/abc')).body.error).toMatch(/^event id must be 1-12 digits/);
    expect(await get('/races/123/laps')).toEqual({ status: 404, body: { error: 'race 123 has not been imported' } });
    expect(await get('/races/123/lap-model')).toEqual({ status: 404, body: { error: 'race 123 has not been imported' } });
    expect((await get('/jobs/liverc-1-2')).status).toBe(404);
    expect((await get('/jobs/nonsense')).status).toBe(404);
    expect((await get('/jobs/nonsense/stream')).status).toBe(404);
    expect((await get('/no/such/route')).status).toBe(404);
    expect((await post('/tracks/nosuchtrack/refresh')).status).toBe(404);
  });
});
