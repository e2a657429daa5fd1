/** @module The import worker against a real nats-server and the fake LiveRC: a job runs to done with progress, request log and matching; a worker killed mid-import, or stopped, leaves the job to the next one, which completes it with nothing written twice. */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_STREAM, JobQueue, JobWorker, progressSubject, type JobMessage, type JobState } from '../../../../cloud/liverc/jobs/index.ts';
import { createDriverMatching } from '../../../../cloud/liverc/matching/index.ts';
import type { EventRecord, LapsRecord, RaceResultRecord } from '../../../../cloud/liverc/store/records.ts';
import type { CloudService } from '../../../../cloud/service/cloud-service.ts';
import { openLiveRcRuntime } from '../../../../cloud/service/liverc-runtime.ts';
import { useCleanups, waitFor } from '../../../harness/index.ts';
import { cloudConfig, startServers, startTestCloud, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { lapCount, type SynthEvent } from '../../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';

const defer = useCleanups();
let servers: Servers;
let events: SynthEvent[];

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  events = serveTestTrack(servers.fake).events;
});
afterAll(async () => servers?.stop());

async function cloudWithCatalogue(options: { worker?: boolean } = {}, extra: Record<string, string> = {}): Promise<CloudService> {
  const cloud = await startTestCloud(servers, extra, options);
  defer(() => cloud.stop(0));
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
  return cloud;
}

const until = (cloud: CloudService, jobId: string, states: JobState['state'][], timeoutMs = 40_000) =>
  waitFor(`job ${jobId} to be ${states.join(' or ')}`, async () => {
    const job = await cloud.queue.get(jobId);
    return job && states.includes(job.state) ? job : undefined;
  }, timeoutMs);

/** What a complete import of `event` holds: one record per race, per result and per result's laps, and every lap once. */
async function expectComplete(cloud: CloudService, event: SynthEvent): Promise<void> {
  const { store } = cloud.runtime.ingestion;
  const races = event.races.map((r) => r.race_id).sort();
  expect(await store.keys('races', `${event.event_id}.*`)).toEqual(races.map((id) => `${event.event_id}.${id}`).sort());
  let results = 0;
  let laps = 0;
  for (const race of event.races) {
    const stored = await store.values<RaceResultRecord>('results', `${race.race_id}.*`);
    expect(stored.map((r) => r.position).sort((a, b) => a - b)).toEqual(race.results.map((_, i) => i + 1));
    results += stored.length;
    for (const record of await store.values<LapsRecord>('laps', `${race.race_id}.*`)) {
      expect(record.laps.map((l) => l.lap)).toEqual(record.laps.map((_, i) => i + 1));
      laps += record.laps.length;
    }
  }
  expect(results).toBe(event.races.reduce((n, r) => n + r.results.length, 0));
  expect(laps).toBe(event.races.reduce((n, r) => n + lapCount(r), 0));
}

describe('liverc job worker', () => {
  it('liverc job worker - runs an import to done with progress, a log line per request, and driver matching', async () => {
    const cloud = await cloudWithCatalogue({ worker: false });
    const event = events[0]!;
    const member = event.classes[0]!.drivers[3]!;
    const matching = await createDriverMatching(jetstream(cloud.runtime.nc));
    await matching.users.putUser({ user_id: 'u1', name: `${member.first} ${member.last}`, transponders: [member.transponder] });
    const seen: JobMessage[] = [];
    const { job } = await cloud.queue.submit(event.event_id);
    const sub = cloud.runtime.nc.subscribe(progressSubject(job.job_id), { callback: (_, m) => void seen.push(m.json<JobMessage>()) });
    defer(() => sub.unsubscribe());
    await cloud.runtime.nc.flush();
    cloud.worker.start();
    const done = await until(cloud, job.job_id, ['done', 'failed']);
    expect(done.error).toBeNull();
    expect(done.state).toBe('done');
    expect(done.progress).toEqual({ races_done: event.races.length, races_total: event.races.length, laps_done: event.races.reduce((n, r) => n + lapCount(r), 0), laps_total: event.races.reduce((n, r) => n + lapCount(r), 0) });
    expect(done.result?.import).toMatchObject({ status: 'imported', races: event.races.length });
    expect(done.result?.matching).toMatchObject({ links: 1 });
    for (const race of event.races) expect(done.log.some((l) => l.includes(`view_race_result&id=${race.race_id} -> 200`))).toBe(true);
    expect(done.log.some((l) => l.startsWith('driver matching:'))).toBe(true);
    expect(done.started_at_ms).not.toBeNull();
    expect(done.finished_at_ms).toBeGreaterThanOrEqual(done.started_at_ms!);
    // The state is written to KV before it is announced, so the live message may still be on its way.
    const states = () => seen.filter((m) => m.type === 'state').map((m) => (m as { job: JobState }).job.state);
    await waitFor('the done state message', () => (states().includes('done') ? true : undefined), 5_000);
    expect(seen.filter((m) => m.type === 'progress').length).toBeGreaterThanOrEqual(event.races.length);
    expect(states()).toEqual(['running', 'done']);
    expect((await (await jetstreamManager(cloud.runtime.nc)).streams.info(JOB_STREAM)).state.messages).toBe(0);
    await expectComplete(cloud, event);
  }, 60_000);

  it('liverc job worker - a worker whose NATS connection dies between races leaves the job to another worker, which completes it once', async () => {
    const cloud = await cloudWithCatalogue({ worker: false });
    const event = events[1]!;
    const config = cloudConfig(servers.nats, servers.fake);
    const doomed = await openLiveRcRuntime(config, { name: 'doomed-worker' });
    defer(() => doomed.close());
    // Its own connection for everything, job state included: killing it leaves no writer behind.
    const doomedQueue = await JobQueue.open(doomed.nc, { ackWaitMs: config.jobs.ack_wait_ms });
    const worker = new JobWorker({ nc: doomed.nc, queue: doomedQueue, ingestion: doomed.ingestion, connector: doomed.connector, matching: doomed.matching, ackWaitMs: config.jobs.ack_wait_ms });
    const { job } = await cloud.queue.submit(event.event_id);
    const killed = new Promise<void>((resolve) => {
      cloud.runtime.nc.subscribe(progressSubject(job.job_id), {
        callback: (_, m) => {
          const message = m.json<JobMessage>();
          if (message.type !== 'progress' || message.progress.races_done < 1) return;
          // Abruptly: the connection goes first, so no ack, no state write and no lock release follow.
          void doomed.nc.close().then(() => doomed.connector.close()).then(resolve);
        },
      });
    });
    worker.start();
    await killed;
    expect((await cloud.queue.get(job.job_id))?.state).toBe('running');
    cloud.worker.start();
    const done = await until(cloud, job.job_id, ['done', 'failed'], 60_000);
    expect(done.error).toBeNull();
    expect(done.deliveries).toBe(2);
    expect(done.log.some((l) => l.startsWith('picked up again (delivery 2)'))).toBe(true);
    await expectComplete(cloud, event);
  }, 90_000);

  it('liverc job worker - a cloud stopped mid-import puts the job back as queued and the next start finishes it', async () => {
    const first = await cloudWithCatalogue();
    const event = events[2]!;
    const { job } = await first.queue.submit(event.event_id);
    await waitFor('the first race page to be fetched', async () => ((await first.queue.get(job.job_id))?.progress.races_done ?? 0) >= 1 || undefined);
    await first.stop(0);
    const second = await startTestCloud(servers, {}, { worker: false });
    defer(() => second.stop(0));
    expect((await second.queue.get(job.job_id))?.state).toBe('queued');
    expect((await second.runtime.ingestion.store.get<EventRecord>('events', event.event_id))?.ingest_depth).toBe('none');
    second.worker.start();
    const done = await until(second, job.job_id, ['done', 'failed'], 60_000);
    expect(done.state).toBe('done');
    expect(done.log).toContain('worker stopped before the import ended; the job goes back to the queue');
    await expectComplete(second, event);
  }, 90_000);
});
