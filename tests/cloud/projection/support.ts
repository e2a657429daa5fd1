/** @module Projection suites' tools: a nats-server with the timing streams, the projection role on it, and the whole read-model bucket as JSON text per key. */
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { streamsConfigSchema } from '../../../cloud/ingest/config.ts';
import { provision } from '../../../cloud/ingest/provision.ts';
import { BUCKETS } from '../../../cloud/ingest/stream-specs.ts';
import { projectionConfigSchema, type ProjectionConfig } from '../../../cloud/projection/config.ts';
import { startProjectionRole, type ProjectionRole } from '../../../cloud/projection/projection-role.ts';
import type { MetricsRegistry } from '../../../shared/metrics/index.ts';
import { startNatsServer, type NatsServer } from '../../harness/index.ts';
import { SMALL_STREAMS } from '../ingest/support.ts';

export interface ProjectionStack {
  nats: NatsServer;
  nc: NatsConnection;
  js: JetStreamClient;
  kv: KV;
  streams: ReturnType<typeof streamsConfigSchema.parse>;
  /** Starts the projection role (a new one each call); stopped with the stack. */
  startRole(config?: Partial<ProjectionConfig>, metrics?: MetricsRegistry): Promise<ProjectionRole>;
  stop(): Promise<void>;
}

export async function startProjectionStack(): Promise<ProjectionStack> {
  const nats = await startNatsServer();
  const nc = await connect({ servers: nats.url });
  const streams = streamsConfigSchema.parse(SMALL_STREAMS);
  await provision(nc, { streams });
  const kv = await new Kvm(jetstream(nc)).open(BUCKETS.readModels);
  const roles: ProjectionRole[] = [];
  return {
    nats,
    nc,
    js: jetstream(nc),
    kv,
    streams,
    async startRole(config = {}, metrics) {
      const role = await startProjectionRole({ nats_url: nats.url, streams, projection: projectionConfigSchema.parse(config) }, 'projection-test', metrics);
      roles.push(role);
      return role;
    },
    async stop() {
      for (const role of roles) await role.close();
      await nc.close();
      await nats.stop();
    },
  };
}

/** Every key of the bucket with its value as stored (JSON text). */
export async function readModels(kv: KV): Promise<Map<string, string>> {
  const keys: string[] = [];
  for await (const key of await kv.keys()) keys.push(key);
  const out = new Map<string, string>();
  for (const key of keys.sort()) {
    const entry = await kv.get(key);
    if (entry?.operation === 'PUT') out.set(key, entry.string());
  }
  return out;
}

/** Deletes the projection's durable consumer, so the next role replays the stream from its start. */
export async function dropConsumer(nc: NatsConnection): Promise<void> {
  await (await jetstreamManager(nc)).consumers.delete('timing_race_events_v1', 'projection');
}

/** Empties the read-model bucket (every key purged). */
export async function emptyBucket(nc: NatsConnection): Promise<void> {
  await (await jetstreamManager(nc)).streams.purge(`KV_${BUCKETS.readModels}`);
}
