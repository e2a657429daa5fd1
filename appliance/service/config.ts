/** @module Appliance configuration: a JSON file plus MRE_* environment overrides, validated with zod, every bad field named by path. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { tokenSchema } from '../../shared/contracts/index.ts';

const int = (what: string) => z.coerce.number({ error: `expected a number for ${what}` }).int({ error: `expected a whole number for ${what}` });
const flag = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean({ error: 'expected true or false' }));

export const configSchema = z.strictObject({
  track_id: tokenSchema('track_id').default('local-track'),
  client_id: tokenSchema('client_id').default('appliance-1'),
  data_dir: z.string().min(1).default('.data/appliance'),
  decoder: z
    .strictObject({
      /** `tcp://host:5403`, a serial device path, or `simulator` for the built-in decoder simulator. */
      source: z.string().min(1, { error: 'expected tcp://host:port, a device path, or simulator' }).default('simulator'),
      baud_rate: int('baud_rate').positive().default(115200),
      idle_timeout_ms: int('idle_timeout_ms').min(1000).default(15000),
      /** Ask the decoder to resend missing passings. Documented by the community, never seen in a capture: off by default. */
      resend: flag.default(false),
    })
    .prefault({}),
  simulator: z
    .strictObject({
      scenario: z.enum(['rc-practice', 'bmx-motos', 'burst']).default('rc-practice'),
      speed: z.coerce.number().positive().default(1),
    })
    .prefault({}),
  http: z
    .strictObject({
      host: z.string().default('0.0.0.0'),
      port: int('port').min(0).max(65535).default(8080),
    })
    .prefault({}),
  log: z
    .strictObject({
      /** Stop intake when the log directory reaches this size (bytes); none by default. */
      max_bytes: int('max_bytes').positive().optional(),
      /** Stop intake when the disk has less free than this; LevelDB needs room to compact. */
      min_free_bytes: int('min_free_bytes').min(0).default(64 * 1024 * 1024),
      /** Synced envelopes older than this are pruned. */
      retention_days: z.coerce.number().positive().default(30),
    })
    .prefault({}),
});

export type ApplianceConfig = z.infer<typeof configSchema>;

/** Env var → config path. Kept explicit so `--help` and the docs can list them. */
export const ENV_OVERRIDES: Readonly<Record<string, string[]>> = {
  MRE_TRACK_ID: ['track_id'],
  MRE_CLIENT_ID: ['client_id'],
  MRE_DATA_DIR: ['data_dir'],
  MRE_DECODER_SOURCE: ['decoder', 'source'],
  MRE_DECODER_BAUD_RATE: ['decoder', 'baud_rate'],
  MRE_DECODER_IDLE_TIMEOUT_MS: ['decoder', 'idle_timeout_ms'],
  MRE_DECODER_RESEND: ['decoder', 'resend'],
  MRE_SIMULATOR_SCENARIO: ['simulator', 'scenario'],
  MRE_SIMULATOR_SPEED: ['simulator', 'speed'],
  MRE_HTTP_HOST: ['http', 'host'],
  MRE_HTTP_PORT: ['http', 'port'],
  MRE_LOG_MAX_BYTES: ['log', 'max_bytes'],
  MRE_LOG_MIN_FREE_BYTES: ['log', 'min_free_bytes'],
  MRE_LOG_RETENTION_DAYS: ['log', 'retention_days'],
};

/** Bad configuration: the message lists each bad field by path; the CLI exits 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): ApplianceConfig {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError([`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError([`config file ${file} is not valid JSON: ${(error as Error).message}`]);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError([`config file ${file} must hold a JSON object`]);
  }
  const fromEnv = new Map<string, string>();
  for (const [name, path] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(raw, path, value);
    fromEnv.set(path.join('.'), name);
  }
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const path = issue.path.join('.') || '(root)';
      const source = fromEnv.get(path);
      return `${path}: ${issue.message}${source ? ` (from ${source})` : ''}`;
    }),
  );
}
