/** @module Upstream faults through the import job, against the fake LiveRC: each shows in the job log and ends as specified (retried then done, or failed with the connector's code and nothing written). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobState } from '../../../../cloud/liverc/jobs/index.ts';
import type { EventRecord } from '../../../../cloud/liverc/store/records.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { useCleanups, waitFor } from '../../../harness/index.ts';
import { times, type RouteOptions } from '../../../support/fake-liverc/index.ts';
import { startServers, startTestCloud, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { PATHS, type EventSite, type SynthEvent } from '../../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';

const defer = useCleanups();
let servers: Servers;
let cloud: CloudService;
let event: SynthEvent;
let site: EventSite;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  const track = serveTestTrack(servers.fake);
  // The smallest event: two races, so an import is four page requests.
  event = track.events.find((e) => e.event_id === '610003')!;
  site = track.sites.get(event.event_id)!;
  cloud = await startTestCloud(servers, { MRE_LIVERC_TIMEOUT_MS: '1000', MRE_LIVERC_MAX_TRIES: '3' });
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
}, 60_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

const firstRace = () => event.races.at(-1)!.race_id;

/** Serves the event's pages again, the given route with faults; every other route plain. */
function serve(faulty: string, options: RouteOptions): void {
  const { fake } = servers;
  fake.page(TEST_TRACK.slug, PATHS.event(event.event_id), site.event_html, faulty === PATHS.event(event.event_id) ? options : {});
  fake.page(TEST_TRACK.slug, PATHS.entryList(event.event_id), site.entry_list_html);
  for (const [id, html] of site.race_pages) fake.page(TEST_TRACK.slug, PATHS.raceResult(id), html, faulty === PATHS.raceResult(id) ? options : {});
}

async function runJob(): Promise<JobState> {
  const { job } = await cloud.queue.submit(event.event_id, { reingest: true });
  return waitFor(`job ${job.job_id} to end`, async () => {
    const state = await cloud.queue.get(job.job_id);
    return state && (state.state === 'done' || state.state === 'failed') ? state : undefined;
  }, 60_000);
}

const lines = (job: JobState, text: string) => job.log.filter((l) => l.includes(text));

/** Nothing of the event's import is in the store: no entries, races, results or laps; its depth unchanged. The failing cases run first, before any import of it succeeds. */
async function expectNothingWritten(): Promise<void> {
  const { store } = cloud.runtime.ingestion;
  expect(await store.keys('entries', `${event.event_id}.>`)).toEqual([]);
  expect(await store.keys('races', `${event.event_id}.*`)).toEqual([]);
  for (const race of event.races) {
    expect(await store.keys('results', `${race.race_id}.*`)).toEqual([]);
    expect(await store.keys('laps', `${race.race_id}.*`)).toEqual([]);
  }
  expect((await store.get<EventRecord>('events', event.event_id))?.ingest_depth).toBe('none');
}

describe('liverc upstream faults', () => {
  it('liverc upstream - a truncated race page fails the job as page_format and writes nothing for the event', async () => {
    // Cut inside the results table: what arrives is a well-formed response holding most of the page.
    const cut = Math.floor(site.race_pages.get(firstRace())!.length * 0.7);
    serve(PATHS.raceResult(firstRace()), { otherwise: { truncate_at: cut } });
    const job = await runJob();
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('page_format');
    expect(job.error?.message).toMatch(/truncated/);
    expect(lines(job, `view_race_result&id=${firstRace()} -> 200`)).toHaveLength(1);
    expect(job.log.at(-1)).toMatch(/^failed: .*truncated/);
    await expectNothingWritten();
  }, 60_000);

  it('liverc upstream - 500s that never stop fail the job as http after the configured tries, nothing written', async () => {
    serve(PATHS.event(event.event_id), { otherwise: { status: 500 } });
    const job = await runJob();
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('http');
    expect(job.error?.message).toMatch(/500 after 3 tries/);
    expect(lines(job, `view_event&id=${event.event_id} -> 500`)).toHaveLength(3);
    expect(lines(job, '-> 500, try 3')).toHaveLength(1);
    await expectNothingWritten();
  }, 60_000);

  it('liverc upstream - 500s then a page are retried and the job completes', async () => {
    serve(PATHS.raceResult(firstRace()), { faults: times(2, { status: 500 }) });
    const job = await runJob();
    expect(job.error).toBeNull();
    expect(job.state).toBe('done');
    const race = lines(job, `view_race_result&id=${firstRace()}`);
    expect(race).toHaveLength(3);
    expect(race[0]).toMatch(/-> 500(,|$)/);
    expect(race[1]).toMatch(/-> 500, try 2/);
    expect(race[2]).toMatch(/-> 200, try 3/);
    expect(job.result?.import.races).toBe(event.races.length);
  }, 60_000);

  it('liverc upstream - a request that times out is retried and shows as no answer in the log', async () => {
    serve(PATHS.raceResult(firstRace()), { faults: [{ hang: true }] });
    const job = await runJob();
    expect(job.state).toBe('done');
    const race = lines(job, `view_race_result&id=${firstRace()}`);
    expect(race[0]).toMatch(/-> no answer, .*no complete answer within 1000 ms/);
    expect(race[1]).toMatch(/-> 200, try 2/);
  }, 60_000);

  it('liverc upstream - a page that never answers fails the job as network', async () => {
    serve(PATHS.raceResult(firstRace()), { otherwise: { hang: true } });
    const job = await runJob();
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('network');
    expect(lines(job, 'no answer')).toHaveLength(3);
  }, 60_000);

  it('liverc upstream - a 429 with Retry-After is waited out before the retry, and the wait is in the log', async () => {
    serve(PATHS.raceResult(firstRace()), { faults: [{ status: 429, headers: { 'retry-after': '2' } }] });
    const start = servers.fake.requests.length;
    const job = await runJob();
    expect(job.state).toBe('done');
    const race = lines(job, `view_race_result&id=${firstRace()}`);
    expect(race[0]).toMatch(/-> 429/);
    const waited = Number(/waited (\d+) ms/.exec(race[1] ?? '')?.[1]);
    expect(waited).toBeGreaterThanOrEqual(1_900);
    const hits = servers.fake.requests.slice(start).filter((r) => r.path === PATHS.raceResult(firstRace()));
    expect(hits.map((r) => r.status)).toEqual([429, 200]);
    // Arrival times on loopback carry a little transit jitter; two seconds is far above it.
    expect(hits[1]!.at_ms - hits[0]!.at_ms).toBeGreaterThanOrEqual(1_990);
  }, 60_000);
});

describe('liverc upstream robots', () => {
  it('liverc upstream - a robots.txt that disallows results fails the job with the robots code and requests nothing there', async () => {
    const robotsServers = await startServers();
    defer(() => robotsServers.stop());
    serveTrackList(robotsServers.fake);
    serveTestTrack(robotsServers.fake);
    robotsServers.fake.robots(TEST_TRACK.slug, 'User-agent: *\nDisallow: /results/\n');
    const robotsCloud = await startTestCloud(robotsServers);
    defer(() => robotsCloud.stop(0));
    await robotsCloud.runtime.ingestion.syncTracks();
    await robotsCloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
    const { job } = await robotsCloud.queue.submit('610003');
    const ended = await waitFor('the job to end', async () => {
      const state = await robotsCloud.queue.get(job.job_id);
      return state && (state.state === 'done' || state.state === 'failed') ? state : undefined;
    }, 30_000);
    expect(ended.state).toBe('failed');
    expect(ended.error?.code).toBe('robots');
    expect(ended.error?.message).toMatch(/disallowed by .*robots\.txt/);
    expect(ended.log.at(-1)).toMatch(/^failed: .*disallowed/);
    expect(robotsServers.fake.requestsTo(TEST_TRACK.slug).filter((r) => r.path.startsWith('/results/'))).toEqual([]);
  }, 60_000);
});
