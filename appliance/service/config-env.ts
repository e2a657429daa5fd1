/** @module The appliance's MRE_* environment overrides: apart from the schema, so `mre appliance start --help` lists them without loading zod. */
import type { EnvOverrides } from '../../shared/config/env-overrides.ts';

/** Env var → config path. Kept explicit so `--help` and the docs can list them. */
export const ENV_OVERRIDES: EnvOverrides = {
  MRE_TRACK_ID: ['track_id'],
  MRE_CLIENT_ID: ['client_id'],
  MRE_DATA_DIR: ['data_dir'],
  MRE_DECODER_SOURCE: ['decoder', 'source'],
  MRE_DECODER_BAUD_RATE: ['decoder', 'baud_rate'],
  MRE_DECODER_IDLE_TIMEOUT_MS: ['decoder', 'idle_timeout_ms'],
  MRE_DECODER_RESEND: ['decoder', 'resend'],
  MRE_SIMULATOR_SCENARIO: ['simulator', 'scenario'],
  MRE_SIMULATOR_SPEED: ['simulator', 'speed'],
  MRE_SIMULATOR_RACE_SECONDS: ['simulator', 'race_seconds'],
  MRE_SIMULATOR_LAP_SECONDS: ['simulator', 'lap_seconds'],
  MRE_CONTROL_TOKEN: ['control', 'token'],
  MRE_ENGINE_KEEP_DAYS: ['engine', 'keep_days'],
  MRE_HTTP_HOST: ['http', 'host'],
  MRE_HTTP_PORT: ['http', 'port'],
  MRE_HTTP_HOSTNAMES: ['http', 'hostnames'],
  MRE_LIVE_PASSINGS_PER_SECOND: ['live', 'passings_per_second'],
  MRE_LIVE_MAX_CLIENTS: ['live', 'max_clients'],
  MRE_LOG_MAX_BYTES: ['log', 'max_bytes'],
  MRE_LOG_MIN_FREE_BYTES: ['log', 'min_free_bytes'],
  MRE_LOG_RETENTION_DAYS: ['log', 'retention_days'],
  MRE_SYNC_ENABLED: ['sync', 'enabled'],
  MRE_SYNC_URL: ['sync', 'url'],
  MRE_SYNC_TOKEN: ['sync', 'token'],
  MRE_SYNC_TOKEN_FILE: ['sync', 'token_file'],
  MRE_SYNC_BATCH_SIZE: ['sync', 'batch_size'],
  MRE_SYNC_TIMEOUT_MS: ['sync', 'timeout_ms'],
};
