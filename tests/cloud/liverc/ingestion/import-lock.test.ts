/** @module The per-event import lock: a second import waits for the first and then finds it done; a lock left by a killed process on this machine is taken over at once. */
import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openLiveRcRuntime, type LiveRcRuntime } from '../../../../cloud/service/liverc-runtime.ts';
import { cloudConfig, startServers, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';

let servers: Servers;
let runtime: LiveRcRuntime;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  serveTestTrack(servers.fake);
  runtime = await openLiveRcRuntime(cloudConfig(servers.nats, servers.fake));
  await runtime.ingestion.syncTracks();
  await runtime.ingestion.refreshEvents(TEST_TRACK.slug);
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await servers?.stop();
});

const lines = () => {
  const out: string[] = [];
  return { out, reporter: { line: (m: string) => out.push(m), progress: () => undefined } };
};

it('import lock - two imports of one event at once: one imports, the other waits and finds it complete', async () => {
  const [id] = runtime.ingestion.eventsBetween(TEST_TRACK.slug, '0000-01-01', '9999-12-31').map((e) => e.source_event_id);
  const first = lines();
  const second = lines();
  const results = await Promise.all([runtime.ingestion.importEvent(id!, {}, first.reporter), runtime.ingestion.importEvent(id!, {}, second.reporter)]);
  expect(results.map((r) => r.status).sort()).toEqual(['already_complete', 'imported']);
  const waiter = results[0]!.status === 'already_complete' ? first : second;
  expect(waiter.out[0]).toMatch(new RegExp(`another import of event ${id} is running`));
}, 120_000);

it('import lock - a lock left by a process on this machine that no longer runs is taken over at once', async () => {
  const events = runtime.ingestion.eventsBetween(TEST_TRACK.slug, '0000-01-01', '9999-12-31').filter((e) => e.ingest_depth === 'none');
  const id = events[0]!.source_event_id;
  // Far above any real pid (Linux caps them at 4194304): certainly not running.
  expect(await runtime.ingestion.store.tryLock(`event.${id}`, `${hostname()}:99999999`)).toBe(true);
  const report = lines();
  const result = await runtime.ingestion.importEvent(id, {}, report.reporter);
  expect(result.status).toBe('imported');
  expect(report.out[0]).toBe(`event ${id} was locked by ${hostname()}:99999999, which no longer runs: taking over`);
  expect(await runtime.ingestion.store.lockOwner(`event.${id}`)).toBeNull();
}, 120_000);
