/**
 * @module `provision(nc, config)`: makes the timing streams and KV buckets, or brings existing
 * ones to the config's limits. Idempotent: a second run with the same config changes nothing.
 */
import { JetStreamApiCodes, JetStreamApiError, jetstream, jetstreamManager, type JetStreamManager, type StreamConfig, type StreamInfo } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { StreamsConfig } from './config.ts';
import { jetStreamOff, notClustered, provisionFailure, ProvisionError } from './provision-error.ts';
import { streamSpecs, type ManagedSettings, type StreamSpec } from './stream-specs.ts';

export interface ProvisionedStream {
  stream: string;
  /** The bucket name, for a KV bucket or an object store. */
  bucket?: string;
  /** Set for an object store. */
  object_store?: true;
  /** `differs`: not changed because the caller asked for creation only. */
  action: 'created' | 'updated' | 'unchanged' | 'differs';
  /** The settings that differed from the config (updated, or left as they were for `differs`). */
  changed: string[];
}

export interface ProvisionOptions {
  /** false: make what is missing, leave existing streams as they are and report how they differ. */
  update?: boolean;
  /** Only these streams (by stream name, `KV_<bucket>` for a bucket); all by default. */
  only?: readonly string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function differences(spec: StreamSpec, config: StreamConfig): string[] {
  return (Object.keys(spec.settings) as (keyof ManagedSettings)[]).filter((key) => !same(spec.settings[key], config[key]));
}

/** Retention, storage and discard are fixed at creation: JetStream refuses to change them, so say what to do instead. */
function checkFixed(spec: StreamSpec, info: StreamInfo): void {
  for (const [key, wanted] of Object.entries(spec.fixed)) {
    const actual = (info.config as unknown as Record<string, unknown>)[key];
    if (!same(actual, wanted)) {
      throw new ProvisionError(`stream ${spec.stream} exists with ${key} ${JSON.stringify(actual)}, not ${JSON.stringify(wanted)}; JetStream cannot change that on an existing stream: back it up and delete it, then provision again`);
    }
  }
}

async function existing(jsm: JetStreamManager, stream: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(stream);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return null;
    throw error;
  }
}

async function create(nc: NatsConnection, jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const { settings } = spec;
  if (spec.objectStore) {
    await new Objm(jetstream(nc)).create(spec.bucket!, { max_bytes: settings.max_bytes, replicas: settings.num_replicas });
    return;
  }
  if (spec.bucket) {
    // Through the KV API, so the stream gets the KV shape (discard new, direct get, rollups).
    await new Kvm(jetstream(nc)).create(spec.bucket, { history: settings.max_msgs_per_subject, max_bytes: settings.max_bytes, replicas: settings.num_replicas });
    return;
  }
  await jsm.streams.add({ name: spec.stream, ...spec.fixed, ...settings });
}

async function provisionOne(nc: NatsConnection, jsm: JetStreamManager, spec: StreamSpec, update: boolean): Promise<ProvisionedStream> {
  const base = { stream: spec.stream, ...(spec.bucket ? { bucket: spec.bucket } : {}), ...(spec.objectStore ? { object_store: true as const } : {}) };
  const info = await existing(jsm, spec.stream);
  if (!info) {
    await create(nc, jsm, spec).catch((error: unknown) => {
      throw provisionFailure(spec, 'create', error);
    });
    return { ...base, action: 'created', changed: [] };
  }
  checkFixed(spec, info);
  const changed = differences(spec, info.config);
  if (changed.length === 0) return { ...base, action: 'unchanged', changed };
  if (!update) return { ...base, action: 'differs', changed };
  await jsm.streams.update(spec.stream, { ...info.config, ...spec.settings }).catch((error: unknown) => {
    throw provisionFailure(spec, 'update', error);
  });
  return { ...base, action: 'updated', changed };
}

export async function provision(nc: NatsConnection, config: { streams: StreamsConfig }, options: ProvisionOptions = {}): Promise<ProvisionedStream[]> {
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch (error) {
    if (error instanceof Error && error.name === 'JetStreamNotEnabled') throw jetStreamOff(nc.getServer(), error);
    throw error;
  }
  if (config.streams.replicas > 1 && !nc.info?.cluster) throw notClustered(nc.getServer(), config.streams.replicas);
  const report: ProvisionedStream[] = [];
  const specs = streamSpecs(config.streams).filter((spec) => !options.only || options.only.includes(spec.stream));
  for (const spec of specs) report.push(await provisionOne(nc, jsm, spec, options.update !== false));
  return report;
}
