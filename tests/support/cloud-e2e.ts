/** @module Box and cloud as real processes for end-to-end suites: `mre cloud start` on a test nats-server (or cluster), `mre appliance start` boxes with their own simulator syncing into it, and both sides' derived events read back for comparison. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
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
