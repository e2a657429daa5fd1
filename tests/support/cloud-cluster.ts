/** @module Tools for suites that run the cloud on a NATS cluster: provisioning through the real CLI, the R3 check, stream leaders and replicas caught up, a race staged on a box with many riders, an ingest prober and live WebSocket listeners. */
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

/** Posts an empty, valid batch to the ingest API every `everyMs` until stopped; every answer recorded. */
export function probeIngest(cloudUrl: string, token: string, everyMs = 100): { answers: ProbeAnswer[]; stop(): Promise<void> } {
  const answers: ProbeAnswer[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const askedAt = performance.now();
      const status = await fetch(`${cloudUrl}${INGEST_BATCH_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"envelopes":[]}', signal: AbortSignal.timeout(15_000) })
        .then(async (r) => (await r.arrayBuffer(), r.status))
        .catch(() => 0);
      answers.push({ status, askedAt });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    answers,
    async stop() {
      running = false;
      await loop;
    },
  };
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
