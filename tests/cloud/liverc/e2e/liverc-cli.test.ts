/** @module The LiveRC commands end to end: the real `mre` against a real nats-server and the fake LiveRC (env overrides), JSON summaries, exit codes, a killed import rerun to completion, `mre cloud start` as a black box; and their stderr progress bar. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord, LapsRecord } from '../../../../cloud/liverc/store/records.ts';
import { LiveRcStore } from '../../../../cloud/liverc/store/store.ts';
import { terminate, trackChild, useCleanups, waitFor } from '../../../harness/index.ts';
import { cloudEnv, startServers, TEST_SPACING_MS, type Servers } from '../../../support/liverc-pages/cloud-stack.ts';
import { lapCount, type SynthEvent } from '../../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../../support/liverc-pages/site.ts';
import { runMre } from '../../../support/run-mre.ts';
import { logIn, overHttp } from '../../../support/portal-login.ts';
import { REPO_ROOT } from '../../../support/shared-fixtures.ts';
import { cliReporter, progressBar } from '../../../../cli/commands/liverc-import.ts';

const defer = useCleanups();
let servers: Servers;
let events: SynthEvent[];
let env: Record<string, string>;
let nc: NatsConnection;

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  events = serveTestTrack(servers.fake).events;
  env = cloudEnv(servers.nats, servers.fake);
  nc = await connect({ servers: servers.nats.url });
}, 60_000);
afterAll(async () => {
  await nc?.close();
  await servers?.stop();
});

const mre = (args: string[], extra: Record<string, string> = {}, input?: string) => runMre(args, { env: { ...env, ...extra }, ...(input === undefined ? {} : { input }) });
const event = (id: string) => events.find((e) => e.event_id === id)!;

/** Races, results and every lap of `e` stored exactly once. */
async function expectStored(e: SynthEvent): Promise<void> {
  const store = await LiveRcStore.open(nc, { maxBytes: 64 * 1024 * 1024, lockTtlMs: 2_000 });
  expect(await store.keys('races', `${e.event_id}.*`)).toHaveLength(e.races.length);
  let laps = 0;
  for (const race of e.races) {
    expect(await store.keys('results', `${race.race_id}.*`)).toHaveLength(race.results.length);
    for (const record of await store.values<LapsRecord>('laps', `${race.race_id}.*`)) laps += record.laps.length;
  }
  expect(laps).toBe(e.races.reduce((n, r) => n + lapCount(r), 0));
}

describe('liverc cli', () => {
  it('liverc cli - tracks sync prints a JSON summary and exits 0', async () => {
    const result = await mre(['tracks', 'sync', '--json']);
    expect(result.stderr).not.toMatch(/^<[0-4]>/m);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ tracks: 5, added: 5, updated: 0, inactive: 0 });
    const again = await mre(['tracks', 'sync']);
    expect(again.stdout).toBe('synced 5 LiveRC tracks: 0 new, 0 changed, 0 no longer listed\n');
  }, 60_000);

  it('liverc cli - an import killed mid-way is completed by running it again, with nothing stored twice', async () => {
    const listed = await mre(['ingest', 'liverc', 'refresh-events', '--track-id', TEST_TRACK.slug, '--depth', 'none', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ refresh: { track: TEST_TRACK.slug, events: events.length }, imports: [] });
    const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'ingest', 'liverc', 'ingest-event', '--event-id', '610001', '--depth', 'laps_full'], { cwd: REPO_ROOT, env: { ...process.env, ...env } }));
    defer(() => terminate(child, 'SIGKILL'));
    await waitFor('two race pages in the killed import', () => (child.output().match(/^race \d+ /gm)?.length ?? 0) >= 2 || undefined, 40_000);
    await terminate(child, 'SIGKILL');
    const store = await LiveRcStore.open(nc, { maxBytes: 64 * 1024 * 1024, lockTtlMs: 2_000 });
    expect((await store.get<EventRecord>('events', '610001'))?.ingest_depth).toBe('none');
    expect(await store.keys('races', '610001.*')).toEqual([]);
    // The killed run may still hold the event's lock; its process is gone, so the rerun takes it over.
    const rerun = await mre(['ingest', 'liverc', 'ingest-event', '--event-id', '610001', '--depth', 'laps_full', '--json']);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ import: { status: 'imported', races: event('610001').races.length } });
    await expectStored(event('610001'));
  }, 90_000);

  it('liverc cli - --reparse imports again from the kept pages without asking LiveRC', async () => {
    const before = servers.fake.requests.length;
    const result = await mre(['ingest', 'liverc', 'ingest-event', '--event-id', '610001', '--depth', 'laps_full', '--reparse', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ import: { status: 'imported', races: event('610001').races.length } });
    expect(servers.fake.requests.slice(before)).toEqual([]);
    await expectStored(event('610001'));
  }, 60_000);

  it('liverc cli - refresh-events with laps_full imports only new events by default, and with --ingest-all every one not yet imported, politely spaced', async () => {
    type Out = { refresh: { added: string[] }; imports: { event_id: string; status: string; races: number }[] };
    const newOnly = await mre(['ingest', 'liverc', 'refresh-events', '--track-id', TEST_TRACK.slug, '--depth', 'laps_full', '--json']);
    expect(newOnly.code).toBe(0);
    expect(JSON.parse(newOnly.stdout)).toMatchObject({ refresh: { added: [] }, imports: [] });
    const start = servers.fake.requests.length;
    const result = await mre(['ingest', 'liverc', 'refresh-events', '--track-id', TEST_TRACK.slug, '--depth', 'laps_full', '--ingest-all', '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Out;
    const rest = events.filter((e) => e.event_id !== '610001');
    expect(out.imports.map((i) => [i.event_id, i.status, i.races]).sort()).toEqual(rest.map((e) => [e.event_id, 'imported', e.races.length]).sort());
    for (const e of events) await expectStored(e);
    // The client ran in the child process, so these arrival stamps are not delayed by its work.
    const arrivals = servers.fake.requests.slice(start).map((r) => r.at_ms);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    expect(gaps.length).toBeGreaterThanOrEqual(8);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(TEST_SPACING_MS - 2);
  }, 90_000);

  it('liverc cli - ingest-event and events ingest report an imported event as already complete, and --reingest imports it again', async () => {
    const plain = await mre(['events', 'ingest', '--event', '610003', '--depth', 'laps_full']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('event 610003 is already imported with laps (use --reingest to import it again)\n');
    const forced = await mre(['ingest', 'liverc', 'ingest-event', '--event-id', '610003', '--depth', 'laps_full', '--reingest', '--json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ import: { event_id: '610003', status: 'imported', races: event('610003').races.length }, matching: { drivers: 6 } });
    // Without a terminal, progress is plain lines on stderr.
    expect(forced.stderr).toMatch(/^race \d+ \(.*\): 6 drivers, \d+ laps$/m);
  }, 60_000);

  it('liverc cli - wrong usage and bad configuration exit 2 naming the problem', async () => {
    const noDepth = await mre(['ingest', 'liverc', 'refresh-events', '--track-id', TEST_TRACK.slug]);
    expect([noDepth.code, noDepth.stderr.trim()]).toEqual([2, 'mre ingest liverc refresh-events: --depth must be none or laps_full']);
    expect((await mre(['ingest', 'liverc', 'refresh-events', '--track-id', 'x', '--depth', 'laps_full', '--ingest-new-only', '--ingest-all'])).code).toBe(2);
    expect((await mre(['ingest', 'liverc', 'ingest-event', '--event-id', '610003', '--depth', 'none'])).code).toBe(2);
    expect((await mre(['events', 'ingest', '--event', 'abc', '--depth', 'laps_full'])).stderr).toMatch(/--event must be LiveRC's numeric event id/);
    const spacing = await mre(['tracks', 'sync'], { MRE_LIVERC_MIN_INTERVAL_MS: '100' });
    expect(spacing.code).toBe(2);
    expect(spacing.stderr).toMatch(/liverc\.min_interval_ms: min_interval_ms must be at least 500.*\(from MRE_LIVERC_MIN_INTERVAL_MS\)/);
    const help = await mre(['ingest', 'liverc', 'ingest-event', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mre ingest liverc ingest-event --event-id ID --depth laps_full/);
  }, 90_000);

  it('liverc cli - failures exit 1 with a one-line reason: unknown event, NATS unreachable', async () => {
    const unknown = await mre(['ingest', 'liverc', 'ingest-event', '--event-id', '999999', '--depth', 'laps_full', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ code: 'unknown_event' });
    expect(unknown.stderr.trim().split('\n').at(-1)).toMatch(/^mre ingest liverc ingest-event: event 999999 is not in the catalogue/);
    const down = await mre(['tracks', 'sync'], { MRE_NATS_URL: 'nats://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toMatch(/^mre tracks sync: cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
  }, 60_000);

  it('liverc cli - cloud start serves the API and imports through jobs until SIGTERM stops it cleanly', async () => {
    const child = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start'], { cwd: REPO_ROOT, env: { ...process.env, ...env } }));
    defer(() => terminate(child, 'SIGKILL'));
    const url = await waitFor('the cloud banner', () => /liverc: +GET (http:\/\/\S+)\/api\/connectors\/liverc\/tracks/.exec(child.output())?.[1], 30_000);
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ ok: true });
    // No user exists until one is added; the first admin comes from the command line.
    expect((await mre(['cloud', 'user', 'add', 'clubadmin', '--role', 'admin'], {}, 'a-long-admin-password\n')).code).toBe(0);
    const admin = await logIn(overHttp(url), 'clubadmin', 'a-long-admin-password');
    const submitted = (await (await fetch(`${url}/api/connectors/liverc/events/610002/import?reingest=true`, { method: 'POST', headers: admin.headers('POST') })).json()) as { job: { job_id: string } };
    const stream = await (await fetch(`${url}/api/connectors/liverc/jobs/${submitted.job.job_id}/stream`, { headers: admin.headers() })).text();
    expect(stream).toMatch(/event: state\ndata: \{[^\n]*"state":"done"/);
    const exit = await terminate(child, 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.output()).toMatch(/cloud stopped/);
  }, 60_000);

  it('liverc cli - cloud start asked for the liverc role without a LiveRC contact exits 2 naming liverc.contact', async () => {
    const result = await mre(['cloud', 'start', '--roles', 'liverc'], { MRE_LIVERC_CONTACT: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/liverc\.contact: contact is required/);
  }, 30_000);
});

function stream(): { writes: string[]; target: NodeJS.WriteStream } {
  const writes: string[] = [];
  return { writes, target: { write: (text: string) => writes.push(text) > 0 } as unknown as NodeJS.WriteStream };
}

describe('liverc cli progress', () => {
  it('liverc cli progress - the bar shows races and laps done of total', () => {
    expect(progressBar({ races_done: 8, races_total: 32, laps_done: 1000, laps_total: 4129 }, 8)).toBe('[##------] races 8/32  laps 1000/4129');
    expect(progressBar({ races_done: 0, races_total: 0, laps_done: 0, laps_total: 0 }, 4)).toBe('[----] races 0/0  laps 0');
  });

  it('liverc cli progress - on a terminal the bar is redrawn in place and log lines scroll above it', () => {
    const { writes, target } = stream();
    const report = cliReporter(target, true);
    report.progress({ races_done: 1, races_total: 2, laps_done: 10, laps_total: 20 });
    report.line('race 1: 6 drivers');
    report.progress({ races_done: 2, races_total: 2, laps_done: 20, laps_total: 20 });
    report.finish();
    expect(writes).toEqual([
      progressBar({ races_done: 1, races_total: 2, laps_done: 10, laps_total: 20 }),
      '\r\x1b[2K', 'race 1: 6 drivers\n', progressBar({ races_done: 1, races_total: 2, laps_done: 10, laps_total: 20 }),
      '\r\x1b[2K', progressBar({ races_done: 2, races_total: 2, laps_done: 20, laps_total: 20 }),
      '\r\x1b[2K',
    ]);
  });

  it('liverc cli progress - off a terminal there is no bar, only the lines', () => {
    const { writes, target } = stream();
    const report = cliReporter(target, false);
    report.progress({ races_done: 1, races_total: 2, laps_done: 10, laps_total: 20 });
    report.line('race 1: 6 drivers');
    report.finish();
    expect(writes).toEqual(['race 1: 6 drivers\n']);
  });
});
