/** @module Box and cloud as real processes for end-to-end suites: `mre cloud start` on a test nats-server (or cluster), `mre appliance start` boxes with their own simulator syncing into it, and both sides' derived events read back for comparison. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { issueToken } from '../../cloud/ingest/token.ts';
import { subjects, STREAMS } from '../../shared/contracts/index.ts';
import { freePort, terminate, trackChild, waitFor, type TrackedChild } from '../harness/index.ts';
import { SMALL_STREAMS, TEST_SECRET } from '../cloud/ingest/support.ts';
import { runMre } from './run-mre.ts';
import { REPO_ROOT } from './shared-fixtures.ts';

const MRE = join(REPO_ROOT, 'bin', 'mre.mjs');
export const E2E_PIN = '864200';

export interface CloudProcess {
  url: string;
  child: TrackedChild;
  configFile: string;
  /** SIGTERM; resolves with the exit. */
  stop(): Promise<unknown>;
  /** SIGKILL: a crash. */
  kill(): Promise<unknown>;
}

export interface CloudOptions {
  /** A server URL or a cluster's comma-separated list. */
  natsUrl: string;
  dir: string;
  name: string;
  roles?: string[];
  /** Merged over the test defaults (small streams, a short duplicate window if asked). */
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

/** `mre cloud start` as its own process with a config file in `dir`; resolves once its banner prints the index URL. */
export async function startCloudProcess(options: CloudOptions): Promise<CloudProcess> {
  const configFile = join(options.dir, `${options.name}.json`);
  const { streams, ingest, ...rest } = (options.config ?? {}) as { streams?: object; ingest?: object };
  const config = {
    nats_url: options.natsUrl,
    data_dir: join(options.dir, `${options.name}-data`),
    http: { host: '127.0.0.1', port: 0 },
    streams: { ...SMALL_STREAMS, ...streams },
    ingest: { token_secret: TEST_SECRET, ...ingest },
    ...(options.roles ? { roles: options.roles } : {}),
    ...rest,
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const child = trackChild(spawn(process.execPath, [MRE, 'cloud', 'start', '--config', configFile], { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  const url = await waitFor(`${options.name} to print its index`, () => {
    if (child.child.exitCode !== null) throw new Error(`${options.name} exited: ${child.output().slice(-2000)}`);
    return /index: +(http:\/\/\S+)\//.exec(child.output())?.[1];
  }, 60_000);
  return { url, child, configFile, stop: () => terminate(child, 'SIGTERM'), kill: () => terminate(child, 'SIGKILL') };
}

/** A box token signed with the test clouds' secret. */
export const boxToken = (trackId: string, clientId: string) => issueToken(Buffer.from(TEST_SECRET), { track_id: trackId, client_id: clientId }).token;

export interface BoxProcess {
  url: string;
  dataDir: string;
  child: TrackedChild;
  control(intent: string, body: unknown): Promise<{ status: number; body: unknown }>;
  status(): Promise<Record<string, any>>;
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}

export interface BoxOptions {
  dataDir: string;
  trackId: string;
  clientId: string;
  /** Where the box syncs to; omit for a box that never syncs. */
  cloudUrl?: string;
  token?: string;
  /** The built-in simulator's scenario (default rc-practice); or set MRE_DECODER_SOURCE in env. */
  scenario?: 'rc-practice' | 'bmx-motos';
  env?: NodeJS.ProcessEnv;
}

/** `mre appliance start` as its own process, on loopback, its own simulator as decoder, syncing to `cloudUrl` when given. */
export async function startBoxProcess(options: BoxOptions): Promise<BoxProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MRE_DATA_DIR: options.dataDir,
    MRE_TRACK_ID: options.trackId,
    MRE_CLIENT_ID: options.clientId,
    MRE_HTTP_HOST: '127.0.0.1',
    MRE_HTTP_PORT: String(port),
    MRE_DECODER_SOURCE: 'simulator',
    MRE_SIMULATOR_SCENARIO: options.scenario ?? 'rc-practice',
    MRE_CONTROL_TOKEN: E2E_PIN,
    MRE_LOG_MIN_FREE_BYTES: '0',
    ...(options.cloudUrl ? { MRE_SYNC_ENABLED: 'true', MRE_SYNC_URL: options.cloudUrl, MRE_SYNC_TOKEN: options.token ?? boxToken(options.trackId, options.clientId) } : {}),
    ...options.env,
  };
  const child = trackChild(spawn(process.execPath, [MRE, 'appliance', 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`box ${options.trackId} to answer`, async () => {
    if (child.child.exitCode !== null) throw new Error(`box ${options.trackId} exited: ${child.output().slice(-2000)}`);
    return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok || undefined;
  }, 60_000);
  return {
    url,
    dataDir: options.dataDir,
    child,
    async control(intent, body) {
      const response = await fetch(`${url}/api/control/${intent}`, { method: 'POST', headers: { authorization: `Bearer ${E2E_PIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    },
    status: async () => (await (await fetch(`${url}/api/status`)).json()) as Record<string, any>,
    stop: () => terminate(child, 'SIGTERM'),
    kill: () => terminate(child, 'SIGKILL'),
  };
}

/** Waits until the box's sync has nothing left to send. */
export async function untilSynced(box: BoxProcess, timeoutMs = 120_000): Promise<void> {
  await waitFor(`box ${box.dataDir} to sync everything`, async () => {
    const sync = (await box.status()).sync as { state: string; lag_envelopes: number };
    return (sync.state === 'online' && sync.lag_envelopes === 0) || undefined;
  }, timeoutMs);
}

/** Every message body on a track's race events subject, in stream order. */
export async function cloudRaceEvents(nc: NatsConnection, trackId: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const subject = subjects.raceEvents(trackId);
  const info = await jsm.streams.info(STREAMS.raceEvents, { subjects_filter: subject });
  const total = (info.state.subjects as Record<string, number> | undefined)?.[subject] ?? 0;
  if (total === 0) return [];
  const consumer = await jetstream(nc).consumers.get(STREAMS.raceEvents, { filter_subjects: subject, deliver_policy: DeliverPolicy.All });
  const bodies: string[] = [];
  const messages = await consumer.consume();
  for await (const m of messages) {
    bodies.push(m.string());
    if (bodies.length >= total) break;
  }
  await messages.close();
  return bodies;
}

/** The box's derived events as its engine gives them from its log (the box must be stopped): `mre appliance replay --events`. */
export async function boxDerivedEvents(dataDir: string, dir: string): Promise<string[]> {
  const file = join(dir, `events-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  const result = await runMre(['appliance', 'replay', '--events', file, '--json'], { env: { MRE_DATA_DIR: dataDir }, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`replay of ${dataDir} failed: ${result.stderr}`);
  const text = readFileSync(file, 'utf8');
  return text === '' ? [] : text.trimEnd().split('\n');
}

/** How many envelopes the box's log holds (the box must be stopped), from `mre appliance replay --json`. */
export async function boxLogEnvelopes(dataDir: string): Promise<number> {
  const result = await runMre(['appliance', 'replay', '--json'], { env: { MRE_DATA_DIR: dataDir }, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`replay of ${dataDir} failed: ${result.stderr}`);
  return (JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { envelopes: number }).envelopes;
}

/** A cloud process's `GET /healthz` as JSON (its roles' figures: `race`, `projection`, `gateway`, `ingest`). */
export async function cloudHealth(cloud: Pick<CloudProcess, 'url'>): Promise<Record<string, any>> {
  return (await (await fetch(`${cloud.url}/healthz`)).json()) as Record<string, any>;
}

/** A `/ws/v1/live` URL on a cloud gateway or a box. */
export const liveUrl = (httpBase: string, query: string) => `${httpBase.replace(/^http/, 'ws')}/ws/v1/live?${query}`;

export interface HeatPlan {
  eventId: string;
  raceId: string;
  /** Transponders of the event's riders, one rider each; the box's simulator races them once staged. */
  transponders: number[];
  /** Default 10 s, plus 4 s of overtime. */
  durationMs?: number;
}

/** The event set-up a box's race control takes for a heat plan: one class, a rider per transponder. */
export const heatEvent = (plan: HeatPlan) => ({
  event_id: plan.eventId,
  name: `Club night ${plan.eventId}`,
  classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }],
  riders: plan.transponders.map((t, i) => ({ rider_id: `${plan.eventId}-d${i + 1}`, name: `Driver ${i + 1}`, class_id: 'buggy', transponders: [t] })),
});

/** Sends race-control intents in order; each must be taken (200), else the box's answer is thrown. */
export async function controlAll(box: BoxProcess, intents: ReadonlyArray<readonly [string, unknown]>): Promise<void> {
  for (const [intent, body] of intents) {
    const answer = await box.control(intent, body);
    if (answer.status !== 200) throw new Error(`${intent} on ${box.dataDir}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** Sets the heat's event up on the box, stages a timed heat of all its riders and starts it. */
export async function startHeat(box: BoxProcess, plan: HeatPlan): Promise<void> {
  const event = heatEvent(plan);
  await controlAll(box, [
    ['event.setup', event],
    ['race.stage', { event_id: plan.eventId, race_id: plan.raceId, format: 'timed', class_id: 'buggy', name: plan.raceId, duration_ms: plan.durationMs ?? 10_000, overtime_ms: 4_000, min_lap_ms: 1000, lineup: event.riders.map((r) => ({ rider_id: r.rider_id })) }],
    ['race.start', { race_id: plan.raceId }],
  ]);
}

/** Waits until a race on the box has finished (timed heats end by themselves). */
export async function untilFinished(box: BoxProcess, raceId: string, timeoutMs = 90_000): Promise<void> {
  await waitFor(`${raceId} to finish on ${box.dataDir}`, async () => ((await (await fetch(`${box.url}/api/races/${raceId}`)).json()) as { race?: { status: string } }).race?.status === 'finished' || undefined, timeoutMs);
}

export interface StoredMessage {
  seq: number;
  subject: string;
  /** Empty when read headers only. */
  body: string;
  headers: MsgHdrs | undefined;
}

/** Every message of a stream (or of one subject of it), in stream order, with headers; `headersOnly` for streams too big to pull whole. */
export async function storedMessages(nc: NatsConnection, stream: string, options: { subject?: string; headersOnly?: boolean } = {}): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(nc);
  const info = options.subject ? await jsm.streams.info(stream, { subjects_filter: options.subject }) : await jsm.streams.info(stream);
  const total = options.subject ? ((info.state.subjects as Record<string, number> | undefined)?.[options.subject] ?? 0) : info.state.messages;
  const out: StoredMessage[] = [];
  if (total === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream, { ...(options.subject ? { filter_subjects: options.subject } : {}), deliver_policy: DeliverPolicy.All, ...(options.headersOnly ? { headers_only: true } : {}) });
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push({ seq: m.seq, subject: m.subject, body: options.headersOnly ? '' : m.string(), headers: m.headers });
    if (out.length >= total) break;
  }
  await messages.close();
  return out;
}

/** Waits until a durable consumer has been handed and has acknowledged everything its stream holds for it (the consumer must exist by then). */
export async function untilConsumed(nc: NatsConnection, stream: string, consumer: string, timeoutMs = 60_000): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await waitFor(`consumer ${consumer} of ${stream} to take everything`, async () => {
    const info = await jsm.consumers.info(stream, consumer).catch(() => undefined);
    return (info !== undefined && info.num_pending === 0 && info.num_ack_pending === 0) || undefined;
  }, timeoutMs);
}
