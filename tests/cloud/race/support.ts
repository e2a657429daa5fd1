/** @module The race-worker suites' tools: a provisioned nats-server with a short duplicate window, race workers on their own connections, track logs, the box's own derivation of them, and reading what the workers published. */
import { afterAll, beforeAll } from 'vitest';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { provision } from '../../../cloud/ingest/provision.ts';
import { raceConfigSchema, type RaceConfig } from '../../../cloud/race/config.ts';
import { RaceWorker, type RaceWorkerOptions } from '../../../cloud/race/race-worker.ts';
import { idempotencyKey, STREAMS, subjects, type Envelope } from '../../../shared/contracts/index.ts';
import { RaceEngine } from '../../../shared/race/index.ts';
import { startNatsServer, waitFor, type NatsServer } from '../../harness/index.ts';
import { randomRaceLog } from '../../support/random-race-log.ts';
import { ingestConfig } from '../ingest/support.ts';

/** JetStream forgets a Nats-Msg-Id after this: re-sends later than it are stored again. */
export const DUPLICATE_WINDOW_MS = 2_000;

/** Short leases and quick discovery, so takeovers happen within a test. */
export function raceConfig(overrides: Partial<RaceConfig> = {}): RaceConfig {
  return raceConfigSchema.parse({ lease_ttl_ms: 3_000, heartbeat_ms: 500, discover_interval_ms: 200, batch_size: 64, snapshot_every: 200, snapshot_interval_ms: 1_000, ...overrides });
}

export interface RaceStack {
  nats: NatsServer;
  /** The test's own connection, for publishing envelopes and reading results. */
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A race worker on a connection of its own (so killing it leaves the others alone). */
  startWorker(config?: RaceConfig, options?: RaceWorkerOptions): Promise<RaceWorker>;
  /** Stops a worker as a crash would: no release, no last save, its connection gone. */
  kill(worker: RaceWorker): Promise<void>;
  stop(): Promise<void>;
}

export async function startRaceStack(): Promise<RaceStack> {
  const nats = await startNatsServer();
  const nc = await connect({ servers: nats.url });
  await provision(nc, ingestConfig(nats.url, { streams: { duplicate_window_ms: DUPLICATE_WINDOW_MS } }));
  const workers = new Map<RaceWorker, NatsConnection>();
  return {
    nats,
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    async startWorker(config = raceConfig(), options = {}) {
      const own = await connect({ servers: nats.url, name: 'race-worker-test' });
      const worker = await RaceWorker.start(own, config, options);
      workers.set(worker, own);
      return worker;
    },
    async kill(worker) {
      await worker.stop({ release: false });
      await workers.get(worker)?.close();
      workers.delete(worker);
    },
    async stop() {
      for (const [worker, own] of workers) {
        await worker.stop();
        await own.close();
      }
      await nc.close();
      await nats.stop();
    },
  };
}

/** One stack per suite: started before its first test, stopped after its last; read it inside tests. */
export function useRaceStack(): () => RaceStack {
  let stack: RaceStack | undefined;
  beforeAll(async () => {
    stack = await startRaceStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => stack!;
}

/** A valid boot id per box start. */
export const BOOTS = ['01JBQ0000000000000000000AA', '01JBQ0000000000000000000BB'] as const;

/** `count` envelopes of a random but plausible track day on `trackId` (every intent, wrong ones too). */
export function trackLog(trackId: string, seed: number, count: number, bootId: string = BOOTS[0]): Envelope[] {
  return randomRaceLog(seed, count).envelopes.map((e) => ({ ...e, track_id: trackId, client_id: 'box-1', boot_id: bootId }));
}

/** What the box's engine derives from the same envelopes, each event as the exact text a worker publishes. */
export function boxEvents(envelopes: readonly Envelope[]): string[] {
  const engine = RaceEngine.create();
  return envelopes.flatMap((e) => engine.apply(e).map((event) => JSON.stringify(event)));
}

/** Publishes envelopes to the raw stream as the ingest API does (Nats-Msg-Id = idempotency key); returns how many JetStream stored. */
export async function sendRaw(js: JetStreamClient, envelopes: readonly Envelope[]): Promise<number> {
  const acks = await Promise.all(envelopes.map((e) => js.publish(subjects.ingestRaw(e.track_id), JSON.stringify({ ...e, ingested_at_us: e.captured_at_us + 1000 }), { msgID: idempotencyKey(e) })));
  return acks.filter((a) => !a.duplicate).length;
}

export interface Published {
  seq: number;
  body: string;
  headers: MsgHdrs | undefined;
}

/** Every message of one subject of a stream, in stream order. */
export async function readSubject(js: JetStreamClient, jsm: JetStreamManager, stream: string, subject: string): Promise<Published[]> {
  const count = (await jsm.streams.info(stream, { subjects_filter: subject })).state.subjects?.[subject] ?? 0;
  if (count === 0) return [];
  const consumer = await js.consumers.get(stream, { filter_subjects: subject });
  const out: Published[] = [];
  const messages = await consumer.fetch({ max_messages: count, expires: 5_000 });
  for await (const m of messages) {
    out.push({ seq: m.seq, body: m.string(), headers: m.headers });
    if (out.length >= count) break;
  }
  return out;
}

export const raceEventsOf = (stack: RaceStack, trackId: string) => readSubject(stack.js, stack.jsm, STREAMS.raceEvents, subjects.raceEvents(trackId));

/** Waits until a track's events stream holds `count` events, then returns their bodies in order. */
export async function eventsWhenCount(stack: RaceStack, trackId: string, count: number, timeoutMs = 30_000): Promise<string[]> {
  const subject = subjects.raceEvents(trackId);
  await waitFor(`${count} race events on ${subject}`, async () => ((await stack.jsm.streams.info(STREAMS.raceEvents, { subjects_filter: subject })).state.subjects?.[subject] ?? 0) >= count, timeoutMs);
  return (await raceEventsOf(stack, trackId)).map((p) => p.body);
}
