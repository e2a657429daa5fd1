/** @module Tools for suites that run the cloud on a NATS cluster: provisioning through the real CLI, the R3 check, stream leaders and replicas caught up, a race staged on a box with many riders, an ingest prober, a stream watcher and live WebSocket listeners. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import WebSocket from 'ws';
import { streamsConfigSchema } from '../../cloud/ingest/config.ts';
import { streamSpecs } from '../../cloud/ingest/stream-specs.ts';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';
import { freePort, waitFor } from '../harness/index.ts';
import { SMALL_STREAMS } from '../cloud/ingest/support.ts';
import { startBoxProcess, untilSynced, type BoxOptions, type BoxProcess } from './cloud-e2e.ts';
import { runMre, type MreResult } from './run-mre.ts';

/** `mre cloud provision --json` with small streams and `replicas` copies, against `natsUrl` (a cluster's list). */
export function provisionWithReplicas(natsUrl: string, dir: string, replicas: number): Promise<MreResult> {
  const file = join(dir, `provision-r${replicas}.json`);
  writeFileSync(file, JSON.stringify({ nats_url: natsUrl, streams: { ...SMALL_STREAMS, replicas } }));
  return runMre(['cloud', 'provision', '--config', file, '--json'], { timeoutMs: 60_000 });
}

/** Every stream, bucket and object store the cloud provisions (by their stream names). */
export function provisionedStreams(): string[] {
  return streamSpecs(streamsConfigSchema.parse(SMALL_STREAMS)).map((spec) => spec.stream);
}

/** The server name leading a stream now (a node's `-n`). */
export async function streamLeader(nc: NatsConnection, stream: string): Promise<string> {
  const info = await (await jetstreamManager(nc)).streams.info(stream);
  const leader = info.cluster?.leader;
  if (!leader) throw new Error(`stream ${stream} has no leader (is the server clustered?)`);
  return leader;
}

async function allCurrent(jsm: JetStreamManager, stream: string, followers: number): Promise<boolean> {
  const info = await jsm.streams.info(stream).catch(() => undefined);
  const replicas = info?.cluster?.replicas ?? [];
  return Boolean(info?.cluster?.leader) && replicas.length === followers && replicas.every((r) => r.current && !r.offline);
}

/** Waits until every provisioned stream has a leader and all its followers are current: the cluster has settled. */
export async function untilReplicasCurrent(nc: NatsConnection, followers: number, timeoutMs = 60_000): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const stream of provisionedStreams()) await waitFor(`${stream}: a leader and ${followers} current followers`, () => allCurrent(jsm, stream, followers), timeoutMs);
}

/** A stream's cluster state, sampled every `everyMs`: when it was seen without a leader, with a new leader, or with a follower behind. */
export interface ClusterWatch {
  /** performance.now() of each sample that found the stream electing or catching up. */
  readonly unsettled: readonly { at: number; why: string }[];
  stop(): Promise<void>;
}

/** Watches `stream` until stopped, so a suite can tell a refusal during a fresh election from one with the cluster steady. */
export function watchStream(nc: NatsConnection, stream: string, followers: number, everyMs = 200): ClusterWatch {
  const unsettled: { at: number; why: string }[] = [];
  let leader: string | undefined;
  let jsm: JetStreamManager | undefined;
  const stop = everyUntilStopped(everyMs, async () => {
    jsm ??= await jetstreamManager(nc);
    const at = performance.now();
    const info = await jsm.streams.info(stream).catch((error: Error) => error);
    if (info instanceof Error) return void unsettled.push({ at, why: `no answer: ${info.message}` });
    const now = info.cluster?.leader;
    const replicas = info.cluster?.replicas ?? [];
    if (!now) unsettled.push({ at, why: 'no leader' });
    else if (leader !== undefined && now !== leader) unsettled.push({ at, why: `leader moved from ${leader} to ${now}` });
    else if (replicas.length !== followers || !replicas.every((r) => r.current && !r.offline)) unsettled.push({ at, why: 'a follower behind or offline' });
    leader = now ?? leader;
  });
  return { unsettled, stop };
}

/** Runs `step`, waits `everyMs`, and again, until the returned stop() (which waits for the step in progress). */
function everyUntilStopped(everyMs: number, step: () => Promise<void>): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      await step();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Sets up an RC event with `riders` drivers on the box and starts a timed heat `heat-1` of `durationMs`. */
export async function startRcHeat(box: BoxProcess, trackId: string, riders: number, durationMs: number): Promise<void> {
  const eventId = `${trackId}-night`;
  const drivers = Array.from({ length: riders }, (_, i) => ({ rider_id: `${trackId}-d${i + 1}`, name: `Driver ${i + 1}`, class_id: 'buggy', transponders: [3_100_001 + i] }));
  for (const [intent, body] of [
    ['event.setup', { event_id: eventId, name: `Club night at ${trackId}`, classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }], riders: drivers }],
    ['race.stage', { event_id: eventId, race_id: 'heat-1', format: 'timed', class_id: 'buggy', name: 'Heat 1', duration_ms: durationMs, overtime_ms: 4_000, min_lap_ms: 500, lineup: drivers.map((d) => ({ rider_id: d.rider_id })) }],
    ['race.start', { race_id: 'heat-1' }],
  ] as const) {
    const answer = await box.control(intent, body);
    if (answer.status !== 200) throw new Error(`${trackId} ${intent}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** Waits until the box's heat-1 has finished. */
export function untilHeatFinished(box: BoxProcess, timeoutMs = 120_000): Promise<true> {
  return waitFor(`${box.dataDir}: heat-1 to finish`, async () => ((await (await fetch(`${box.url}/api/races/heat-1`)).json()) as { race: { status: string } }).race.status === 'finished' || undefined, timeoutMs);
}

/**
 * Stops the box, starts it again over the same log with its decoder unplugged (a TCP source nobody
 * listens on), lets it send whatever was still unsent, and stops it: its log then ends where the
 * cloud's copy does, for comparing the two whole.
 */
export async function drainAndStop(box: BoxProcess, options: BoxOptions): Promise<void> {
  await box.stop();
  const quiet = await startBoxProcess({ ...options, env: { ...options.env, MRE_DECODER_SOURCE: `tcp://127.0.0.1:${await freePort()}` } });
  try {
    await untilSynced(quiet);
  } finally {
    await quiet.stop();
  }
}

export interface ProbeAnswer {
  /** HTTP status, or 0 for no answer at all (refused, reset, timed out). */
  status: number;
  askedAt: number;
}

/** How long the prober waits for one answer before recording 0. */
export const PROBE_TIMEOUT_MS = 15_000;

/** Posts an empty, valid batch to the ingest API every `everyMs` until stopped; every answer recorded. */
export function probeIngest(cloudUrl: string, token: string, everyMs = 100): { answers: ProbeAnswer[]; stop(): Promise<void> } {
  const answers: ProbeAnswer[] = [];
  const stop = everyUntilStopped(everyMs, async () => {
    const askedAt = performance.now();
    const status = await fetch(`${cloudUrl}${INGEST_BATCH_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"envelopes":[]}', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
      .then(async (r) => (await r.arrayBuffer(), r.status))
      .catch(() => 0);
    answers.push({ status, askedAt });
  });
  return { answers, stop };
}

export interface LiveListener {
  /** Every message's parsed JSON, in arrival order. */
  readonly messages: Record<string, any>[];
  /** Times the socket closed (it is opened again each time). */
  readonly closes: number;
  close(): void;
}

/** A viewer on a cloud's `/ws/v1/live` for one track's race channel, reconnecting after a close as a viewer's page would. */
export function listenLive(cloudUrl: string, trackId: string): LiveListener {
  const messages: Record<string, any>[] = [];
  let closes = 0;
  let socket: WebSocket;
  let closed = false;
  const open = () => {
    socket = new WebSocket(`${cloudUrl.replace(/^http/, 'ws')}/ws/v1/live?track_id=${trackId}&channels=race`);
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8')) as Record<string, any>));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (closed) return;
      closes++;
      setTimeout(open, 500);
    });
  };
  open();
  return {
    messages,
    get closes() {
      return closes;
    },
    close() {
      closed = true;
      socket.terminate();
    },
  };
}
