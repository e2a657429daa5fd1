/** @module Cloud configuration: a JSON file plus MRE_* environment overrides, validated with zod, every bad field named by path. Shared by `mre cloud start` and the LiveRC commands. */
import { z } from 'zod';
import { flagField, intField, loadConfigFile, type EnvOverrides } from '../../shared/config/load-config.ts';
import { ACCOUNTS_ENV_OVERRIDES, accountsConfigSchema } from '../accounts/config.ts';
import { GATEWAY_ENV_OVERRIDES, gatewayConfigSchema } from '../gateway/config.ts';
import { ingestConfigSchema, streamsConfigSchema } from '../ingest/config.ts';
import { PROJECTION_ENV_OVERRIDES, projectionConfigSchema } from '../projection/config.ts';
import { RACE_ENV_OVERRIDES, raceConfigSchema } from '../race/config.ts';
import { liveRcConfigSchema } from '../liverc/config.ts';
import { DEFAULT_MAX_QUEUED_IMPORTS, DEFAULT_MAX_QUEUED_REFRESHES } from '../liverc/queue-full.ts';
import { CLOUD_ROLES, rolesSchema, type CloudRole } from './roles.ts';
import { EMBEDDED_NATS, embeddedNatsUrl } from './embedded-nats.ts';

export { ConfigError } from '../../shared/config/load-config.ts';

const int = intField;
const flag = flagField;
const MiB = 1024 * 1024;

const sections = z.strictObject({
  /** The roles `mre cloud start` runs in this process (`--roles` wins); all of them by default. */
  roles: rolesSchema.default([...CLOUD_ROLES]),
  /** A server or a comma-separated cluster list; `embedded` (the default): `mre cloud start` runs its own nats-server (cloud/service/embedded-nats.ts). */
  nats_url: z.string().min(1).default(EMBEDDED_NATS),
  /** The embedded nats-server's store, and the generated box-token secret when none is configured. */
  data_dir: z.string().min(1).default('.data/cloud'),
  http: z
    .strictObject({
      /** Loopback by default: the API belongs behind a reverse proxy that terminates TLS. */
      host: z.string().min(1).default('127.0.0.1'),
      port: int('port').min(0).max(65535).default(8090),
    })
    .prefault({}),
  /** The LiveRC connector (cloud/liverc/config.ts): `contact` is required. */
  // An absent section still reports its missing fields by name (liverc.contact), not the section as a whole.
  liverc: z.preprocess((v) => v ?? {}, liveRcConfigSchema),
  store: z
    .strictObject({
      /** Per LiveRC KV bucket and for the raw-page object store. */
      max_bytes: int('max_bytes').positive().default(256 * MiB),
      /** An import killed mid-way holds its event's lock until this passes; the rerun waits that long at most. */
      lock_ttl_ms: int('lock_ttl_ms').min(1000).default(60_000),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      max_bytes: int('max_bytes').positive().default(16 * MiB),
      state_max_bytes: int('state_max_bytes').positive().default(64 * MiB),
      /** Ended jobs (state, log) are forgotten after this many days. */
      state_ttl_days: z.coerce.number().positive().default(30),
      /** A worker that sends no progress for this long is presumed dead; its job goes to another worker. */
      ack_wait_ms: int('ack_wait_ms').min(1000).default(60_000),
      /** A job whose worker died this many times fails as `gave_up`. */
      max_deliveries: int('max_deliveries').min(1).default(5),
    })
    .prefault({}),
  /** How much work may wait at once; more is refused with 429 and Retry-After (docs/liverc-politeness.md). */
  queues: z
    .strictObject({
      /** Imports waiting or running, cloud-wide. */
      imports: int('imports').min(1).max(10_000).default(DEFAULT_MAX_QUEUED_IMPORTS),
      /** Distinct track refreshes waiting or running in one process. */
      refreshes: int('refreshes').min(1).max(1_000).default(DEFAULT_MAX_QUEUED_REFRESHES),
    })
    .prefault({}),
  matching: z
    .strictObject({
      /** Link club members to the drivers of each imported event. */
      enabled: flag.default(true),
    })
    .prefault({}),
  /** JetStream streams and KV buckets as `mre cloud provision` makes them (cloud/ingest/config.ts). */
  streams: streamsConfigSchema,
  /** Box tokens and `POST /api/ingest/batch` (cloud/ingest/config.ts). */
  ingest: ingestConfigSchema,
  /** Race workers: track leases, batches, saved state, retries (cloud/race/config.ts). */
  race: raceConfigSchema,
  /** Read models (cloud/projection/config.ts). */
  projection: projectionConfigSchema,
  /** The live gateway (cloud/gateway/config.ts). */
  gateway: gatewayConfigSchema,
  /** Portal users, sessions and the limits on logins (cloud/accounts/config.ts). */
  accounts: accountsConfigSchema,
});

/** A placeholder that never leaves the process: the connector it configures is switched off. */
const NO_CONTACT = 'not-set@liverc.invalid';

/**
 * The LiveRC contact is needed only where the connector runs. A process without the liverc
 * role (ingest alone, `mre cloud provision`, `mre cloud token`) takes a config without one,
 * and its connector section is switched off rather than left half-configured. With no roles
 * named at all, a config without a contact runs every other role: a newcomer's first
 * `mre cloud start` works, and the banner says what the connector needs.
 */
function withoutLiveRcRole(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const config = raw as Record<string, unknown>;
  const liverc = (typeof config.liverc === 'object' && config.liverc !== null ? config.liverc : {}) as Record<string, unknown>;
  const hasContact = liverc.contact !== undefined && liverc.contact !== '';
  if (config.roles === undefined && !hasContact) {
    return { ...config, roles: CLOUD_ROLES.filter((r) => r !== 'liverc'), liverc: { ...liverc, contact: NO_CONTACT, enabled: false } };
  }
  const roles = rolesSchema.safeParse(config.roles ?? [...CLOUD_ROLES]);
  if (!roles.success || roles.data.includes('liverc') || hasContact) return raw;
  return { ...config, liverc: { ...liverc, contact: NO_CONTACT, enabled: false } };
}

export const cloudConfigSchema = z.preprocess(withoutLiveRcRole, sections);

export type CloudConfig = z.infer<typeof sections>;

/** Env var → config path. Kept explicit so `--help` and the docs can list them. */
export const CLOUD_ENV_OVERRIDES: EnvOverrides = {
  MRE_CLOUD_ROLES: ['roles'],
  NATS_URL: ['nats_url'],
  MRE_NATS_URL: ['nats_url'],
  MRE_CLOUD_DATA_DIR: ['data_dir'],
  MRE_HTTP_HOST: ['http', 'host'],
  MRE_HTTP_PORT: ['http', 'port'],
  MRE_LIVERC_ENABLED: ['liverc', 'enabled'],
  MRE_LIVERC_CONTACT: ['liverc', 'contact'],
  MRE_LIVERC_MIN_INTERVAL_MS: ['liverc', 'min_interval_ms'],
  MRE_LIVERC_CONNECT_TIMEOUT_MS: ['liverc', 'timeout_ms', 'connect'],
  MRE_LIVERC_TIMEOUT_MS: ['liverc', 'timeout_ms', 'total'],
  MRE_LIVERC_MAX_TRIES: ['liverc', 'max_tries'],
  MRE_LIVERC_BACKOFF_MS: ['liverc', 'backoff_ms'],
  MRE_LIVERC_MAX_RETRY_AFTER_MS: ['liverc', 'max_retry_after_ms'],
  MRE_LIVERC_CATALOGUE_HOST: ['liverc', 'hosts', 'catalogue'],
  MRE_LIVERC_TRACK_HOST: ['liverc', 'hosts', 'track'],
  MRE_STORE_MAX_BYTES: ['store', 'max_bytes'],
  MRE_STORE_LOCK_TTL_MS: ['store', 'lock_ttl_ms'],
  MRE_JOBS_MAX_BYTES: ['jobs', 'max_bytes'],
  MRE_JOBS_ACK_WAIT_MS: ['jobs', 'ack_wait_ms'],
  MRE_JOBS_MAX_DELIVERIES: ['jobs', 'max_deliveries'],
  MRE_QUEUES_IMPORTS: ['queues', 'imports'],
  MRE_QUEUES_REFRESHES: ['queues', 'refreshes'],
  MRE_MATCHING_ENABLED: ['matching', 'enabled'],
  MRE_STREAMS_REPLICAS: ['streams', 'replicas'],
  MRE_STREAMS_DUPLICATE_WINDOW_MS: ['streams', 'duplicate_window_ms'],
  MRE_INGEST_TOKEN_SECRET: ['ingest', 'token_secret'],
  MRE_INGEST_TOKEN_SECRET_FILE: ['ingest', 'token_secret_file'],
  MRE_INGEST_TOKEN_MAX_AGE_DAYS: ['ingest', 'token_max_age_days'],
  MRE_INGEST_PUBLISH_TIMEOUT_MS: ['ingest', 'publish_timeout_ms'],
  MRE_INGEST_TRUST_PROXY: ['ingest', 'trust_proxy'],
  ...RACE_ENV_OVERRIDES,
  ...PROJECTION_ENV_OVERRIDES,
  ...GATEWAY_ENV_OVERRIDES,
  ...ACCOUNTS_ENV_OVERRIDES,
};

export interface LoadOptions {
  /** Roles chosen on the command line (`--roles`), winning over the file and MRE_CLOUD_ROLES. */
  roles?: readonly CloudRole[];
  /**
   * With no NATS_URL, use the embedded server a running `mre cloud start` over the same data dir
   * recorded (default true); `mre cloud start` itself says false, since it starts its own.
   */
  findEmbedded?: boolean;
}

export function loadCloudConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env, options: LoadOptions = {}): CloudConfig {
  const overrides = options.roles ? { ...env, MRE_CLOUD_ROLES: options.roles.join(',') } : env;
  const config = loadConfigFile(cloudConfigSchema, file, CLOUD_ENV_OVERRIDES, overrides);
  if (config.nats_url === EMBEDDED_NATS && options.findEmbedded !== false) config.nats_url = embeddedNatsUrl(config.data_dir) ?? EMBEDDED_NATS;
  return config;
}
