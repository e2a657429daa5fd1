/** @module The cloud config's `streams` (JetStream limits, replicas, KV buckets) and `ingest` (box tokens, the batch API) sections, with DESIGN's production defaults. */
import { z } from 'zod';
import { flagField, intField } from '../../shared/config/load-config.ts';

const int = intField;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The shortest secret taken: 256 bits, the HMAC-SHA256 key size. */
export const MIN_SECRET_BYTES = 32;

const streamLimits = (maxAgeHours: number, maxBytes: number) =>
  z
    .strictObject({
      /** Messages older than this are removed. Hours, decimals allowed (0.5 = 30 min). */
      max_age_hours: z.coerce.number().positive().default(maxAgeHours),
      /** The stream's size; the oldest messages go first when it is full. Reserved on the server's disk at creation. */
      max_bytes: int().positive().default(maxBytes),
    })
    .prefault({});

const bucketLimits = (maxBytes: number) => z.strictObject({ max_bytes: int().positive().default(maxBytes) }).prefault({});

export const streamsConfigSchema = z
  .strictObject({
    /** Copies of every stream and KV bucket: 1 on one server, 3 on a three-node cluster. */
    replicas: int().min(1).max(5).default(1),
    /** JetStream drops a re-sent Nats-Msg-Id inside this window; consumers dedupe beyond it. */
    duplicate_window_ms: int().min(100).default(120_000),
    ingest_raw: streamLimits(7 * 24, 100 * GiB),
    race_events: streamLimits(30 * 24, 50 * GiB),
    race_snapshot: streamLimits(24, 10 * GiB),
    dlq: streamLimits(14 * 24, 10 * GiB),
    buckets: z
      .strictObject({
        read_models: bucketLimits(10 * GiB),
        dedupe: bucketLimits(GiB),
        leases: bucketLimits(64 * MiB),
        revoked_tokens: bucketLimits(64 * MiB),
        /** Portal users and API tokens: a few hundred bytes each. */
        accounts: bucketLimits(16 * MiB),
        /** Object store: each track's race engine state (cloud/race); one object per track, a few MiB at most. */
        race_state: bucketLimits(GiB),
      })
      .prefault({}),
  })
  .prefault({})
  .superRefine((streams, ctx) => {
    // JetStream refuses a duplicate window longer than a stream's max age; say so by field, before the server does.
    for (const name of ['ingest_raw', 'race_events', 'race_snapshot', 'dlq'] as const) {
      const maxAgeMs = streams[name].max_age_hours * 3_600_000;
      if (streams.duplicate_window_ms > maxAgeMs) {
        ctx.addIssue({ code: 'custom', path: ['duplicate_window_ms'], message: `must not be longer than ${name}.max_age_hours (${streams[name].max_age_hours} h): JetStream refuses a duplicate window longer than the stream keeps messages` });
      }
    }
  });

export type StreamsConfig = z.infer<typeof streamsConfigSchema>;

const secretText = z
  .string()
  .refine((s) => Buffer.byteLength(s, 'utf8') >= MIN_SECRET_BYTES, { error: `must be at least ${MIN_SECRET_BYTES} bytes; make one with: openssl rand -base64 48` });

export const ingestConfigSchema = z
  .strictObject({
    /** The HMAC key box tokens are signed with; every ingest node and `mre cloud token issue` need the same. */
    token_secret: secretText.optional(),
    /** A file holding the secret instead (trailing newline ignored), e.g. a systemd credential. */
    token_secret_file: z.string().min(1).optional(),
    /** A token older than this is refused as expired; 0 = tokens never expire (revocation still works). */
    token_max_age_days: z.coerce.number().min(0).default(365),
    /** The longest a batch waits for JetStream's acknowledgements before the box is told 503 and to retry. */
    publish_timeout_ms: int().min(100).max(120_000).default(5_000),
    /** Batches in progress in one process at once; one more is answered 503 with Retry-After. */
    max_concurrent_batches: int().min(1).max(10_000).default(32),
    /** Failed logins an address may make before it is refused with 429 for auth_block_ms. */
    max_auth_failures: int().min(1).max(10_000).default(10),
    /** How long an address is refused after max_auth_failures; failures older than this are forgotten. */
    auth_block_ms: int().min(1_000).max(86_400_000).default(300_000),
    /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry, which the proxy appends. */
    trust_proxy: flagField.default(false),
  })
  .prefault({})
  .superRefine((ingest, ctx) => {
    if (ingest.token_secret !== undefined && ingest.token_secret_file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['token_secret_file'], message: 'set ingest.token_secret or ingest.token_secret_file, not both' });
    }
  });

export type IngestConfig = z.infer<typeof ingestConfigSchema>;
