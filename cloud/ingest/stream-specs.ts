/** @module What provisioning makes: the four timing streams, the cloud's KV buckets and object stores, each with the limits the config sets and the config field behind each limit. */
import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { STREAM_SUBJECTS, STREAMS } from '../../shared/contracts/subjects.ts';
import type { StreamsConfig } from './config.ts';

/** KV buckets of the cloud data plane. Names say what they hold; the stream behind each is `KV_<name>`. */
export const BUCKETS = {
  /** Projections the portal and gateway read (per track, per event). */
  readModels: 'mre_read_models',
  /** Consumer-side dedupe: the highest seq seen per client_id + boot_id (JetStream's window is minutes). */
  dedupe: 'mre_dedupe',
  /** One owner per track: leases with heartbeat and revision-checked takeover. */
  leases: 'mre_leases',
  /** Revoked box tokens by jti; every ingest node watches it. */
  revokedTokens: 'mre_revoked_tokens',
  /** Portal users and their API tokens (cloud/accounts). */
  accounts: 'mre_accounts',
} as const;

export type BucketKey = keyof typeof BUCKETS;

/** Object stores: state too large for one KV value (a KV value is one NATS message, 1 MiB by default). */
export const OBJECT_STORES = {
  /** Each track's race engine state, with the raw stream position and dedupe marks it covers (cloud/race). */
  raceState: 'mre_race_state',
} as const;

export type ObjectStoreKey = keyof typeof OBJECT_STORES;

/** The stream settings provisioning owns: compared with the server's and updated when they differ. */
export type ManagedSettings = Pick<StreamConfig, 'subjects' | 'max_bytes' | 'num_replicas' | 'max_msgs_per_subject'> & Partial<Pick<StreamConfig, 'max_age' | 'duplicate_window'>>;

export interface StreamSpec {
  /** The JetStream stream name (`KV_…` for a bucket). */
  stream: string;
  /** Set for a KV bucket or an object store: created through its own API so its stream has that shape. */
  bucket?: string;
  /** The bucket is an object store (stream `OBJ_<name>`), not a KV bucket. */
  objectStore?: boolean;
  settings: ManagedSettings;
  /** Settings fixed at creation (retention, storage, discard); JetStream cannot change them later. */
  fixed: Partial<StreamConfig>;
  /** The config field behind each managed setting, for error messages. */
  fields: Partial<Record<keyof ManagedSettings, string>>;
}

const STREAM_SECTIONS = { ingestRaw: 'ingest_raw', raceEvents: 'race_events', raceSnapshot: 'race_snapshot', dlq: 'dlq' } as const;

const BUCKET_SECTIONS: Record<BucketKey, keyof StreamsConfig['buckets']> = { readModels: 'read_models', dedupe: 'dedupe', leases: 'leases', revokedTokens: 'revoked_tokens', accounts: 'accounts' };

const OBJECT_STORE_SECTIONS: Record<ObjectStoreKey, keyof StreamsConfig['buckets']> = { raceState: 'race_state' };

const hoursToNanos = (hours: number) => nanos(Math.round(hours * 3_600_000));

function streamSpec(key: keyof typeof STREAMS, config: StreamsConfig): StreamSpec {
  const section = STREAM_SECTIONS[key];
  const limits = config[section];
  return {
    stream: STREAMS[key],
    settings: {
      subjects: [STREAM_SUBJECTS[key]],
      max_age: hoursToNanos(limits.max_age_hours),
      max_bytes: limits.max_bytes,
      num_replicas: config.replicas,
      duplicate_window: nanos(config.duplicate_window_ms),
      // The snapshot stream keeps the last value per track and event (reference/stack.md §1.4).
      max_msgs_per_subject: key === 'raceSnapshot' ? 1 : -1,
    },
    fixed: { retention: RetentionPolicy.Limits, storage: StorageType.File, discard: DiscardPolicy.Old },
    fields: {
      max_age: `streams.${section}.max_age_hours`,
      max_bytes: `streams.${section}.max_bytes`,
      num_replicas: 'streams.replicas',
      duplicate_window: 'streams.duplicate_window_ms',
    },
  };
}

function bucketSpec(key: BucketKey, config: StreamsConfig): StreamSpec {
  const section = BUCKET_SECTIONS[key];
  return {
    stream: `KV_${BUCKETS[key]}`,
    bucket: BUCKETS[key],
    settings: { subjects: [`$KV.${BUCKETS[key]}.>`], max_bytes: config.buckets[section].max_bytes, num_replicas: config.replicas, max_msgs_per_subject: 1 },
    fixed: {},
    fields: { max_bytes: `streams.buckets.${section}.max_bytes`, num_replicas: 'streams.replicas' },
  };
}

function objectStoreSpec(key: ObjectStoreKey, config: StreamsConfig): StreamSpec {
  const section = OBJECT_STORE_SECTIONS[key];
  const name = OBJECT_STORES[key];
  return {
    stream: `OBJ_${name}`,
    bucket: name,
    objectStore: true,
    // The subjects and -1 per subject are what @nats-io/obj creates; chunks of a replaced object are purged by the client.
    settings: { subjects: [`$O.${name}.C.>`, `$O.${name}.M.>`], max_bytes: config.buckets[section].max_bytes, num_replicas: config.replicas, max_msgs_per_subject: -1 },
    // Full means refuse the write: dropping the oldest chunks would break a stored object.
    fixed: { discard: DiscardPolicy.New },
    fields: { max_bytes: `streams.buckets.${section}.max_bytes`, num_replicas: 'streams.replicas' },
  };
}

/** Every stream and bucket, in the order provisioning makes them. */
export function streamSpecs(config: StreamsConfig): StreamSpec[] {
  return [
    ...(Object.keys(STREAMS) as (keyof typeof STREAMS)[]).map((key) => streamSpec(key, config)),
    ...(Object.keys(BUCKETS) as BucketKey[]).map((key) => bucketSpec(key, config)),
    ...(Object.keys(OBJECT_STORES) as ObjectStoreKey[]).map((key) => objectStoreSpec(key, config)),
  ];
}
