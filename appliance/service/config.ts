/** @module Appliance configuration: a JSON file plus MRE_* environment overrides, validated with zod, every bad field named by path. */
import { z } from 'zod';
import { tokenSchema } from '../../shared/contracts/index.ts';
import { flagField, intField, loadConfigFile } from '../../shared/config/load-config.ts';
import { parseSource } from '../decoder/source.ts';
import { syncConfigSchema } from '../sync/config.ts';
import { resolveSyncToken } from '../sync/token.ts';
import { ENV_OVERRIDES } from './config-env.ts';
import { isTimeZone } from './results/local-time.ts';

export { ConfigError } from '../../shared/config/load-config.ts';
export { ENV_OVERRIDES } from './config-env.ts';

const int = intField;
/** `[min, max]` seconds, from JSON or from an env var like `12,15`. */
const range = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((x) => Number(x.trim())) : v),
    z
      .tuple([z.number().positive(), z.number().positive()], { error: `expected ${what} as [min, max] seconds` })
      .refine(([a, b]) => a <= b, { error: `${what}: min must not exceed max` }),
  );
const flag = flagField;
/** The operator PIN's shortest length (docs/race-api.md "Operator PIN"). */
export const CONTROL_TOKEN_MIN = 6;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*\.?$/i;

/** `decoder.source` names one decoder or several, comma-separated (a BMX hill and finish); `simulator` stands alone. */
export function decoderSources(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

// Checked with the rest of the config, so a typo exits 2 before the data directory is touched.
function checkDecoderSources(value: string, ctx: z.RefinementCtx): void {
  const sources = decoderSources(value);
  if (sources.length === 0) ctx.addIssue({ code: 'custom', message: 'expected tcp://host:port, a device path, or simulator' });
  if (sources.length > 1 && sources.includes('simulator')) ctx.addIssue({ code: 'custom', message: 'the built-in simulator cannot be combined with other decoders' });
  for (const source of sources) {
    if (source === 'simulator') continue;
    try {
      parseSource(source);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }
}

export const configSchema = z.strictObject({
  track_id: tokenSchema('track_id').default('local-track'),
  client_id: tokenSchema('client_id').default('appliance-1'),
  data_dir: z.string().min(1).default('.data/appliance'),
  decoder: z
    .strictObject({
      /** `tcp://host:5403`, a serial device path, or `simulator` for the built-in decoder simulator. */
      source: z.string().min(1, { error: 'expected tcp://host:port, a device path, or simulator' }).default('simulator').superRefine(checkDecoderSources),
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
      /** When staff stage a race, the simulator runs exactly its riders: BMX riders finish this long after the gate … */
      race_seconds: range('race_seconds').optional(),
      /** … RC cars lap in this long. */
      lap_seconds: range('lap_seconds').optional(),
      /** … and cross the line first this long after staging. */
      first_crossing_seconds: range('first_crossing_seconds').optional(),
    })
    .prefault({}),
  engine: z
    .strictObject({
      /** Derived race events older than this are dropped from data_dir/engine; the log can always re-derive them. */
      keep_days: z.coerce.number().positive().default(14),
      /** A damaged data_dir/engine at start: `rebuild` it from the log (the damaged copy is kept), or `stop` and say what to run. */
      on_damage: z.enum(['rebuild', 'stop']).default('rebuild'),
    })
    .prefault({}),
  control: z
    .strictObject({
      /** The operator PIN for race control. Without one, the box makes one at first start and keeps it in data_dir/control-token. */
      token: z.string().trim().min(CONTROL_TOKEN_MIN, { error: `token must be at least ${CONTROL_TOKEN_MIN} digits or characters, so it cannot be guessed over the LAN` }).max(128).optional(),
    })
    .prefault({}),
  /** What results sheets print (docs/race-api.md "Results sheets"). */
  club: z
    .strictObject({
      /** The club's name at the top of every sheet; none printed without it. */
      name: z.string().trim().min(1, { error: 'club name must not be empty' }).max(100, { error: 'club name must be at most 100 characters' }).optional(),
      /** IANA zone (`Europe/London`) for the times on sheets; the box's own zone (TZ, /etc/localtime) when not set. */
      time_zone: z.string().refine(isTimeZone, { error: 'expected an IANA time zone such as Europe/London' }).optional(),
    })
    .prefault({}),
  http: z
    .strictObject({
      host: z.string().default('0.0.0.0'),
      port: int('port').min(0).max(65535).default(8080),
      /** Names the box is opened by, besides IP addresses, localhost, its machine name and `<name>.local`; any other Host is refused. */
      hostnames: z
        .preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v), z.array(z.string().regex(HOSTNAME, { error: 'expected a host name such as timing.club.example' })).max(32))
        .default([]),
    })
    .prefault({}),
  live: z
    .strictObject({
      /** Decoder passings a second the live feed sends one by one; past it, a summary a second (the log keeps every one). */
      passings_per_second: int('passings_per_second').min(1).max(100_000).default(50),
      /** Viewers served at once: every phone at a big meeting, with room; each costs memory and a socket on a Pi. */
      max_clients: int('max_clients').min(1).max(100_000).default(1_000),
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
  /** Sending the log to the cloud (docs/cloud.md "Box sync"). */
  sync: syncConfigSchema,
});

export type ApplianceConfig = z.infer<typeof configSchema>;

/** The file and environment, checked; `sync.token_file` is read here, so a bad one stops the start (exit 2) before anything is written. */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): ApplianceConfig {
  const config = loadConfigFile(configSchema, file, ENV_OVERRIDES, env);
  if (config.sync.enabled && config.sync.token === undefined) config.sync = { ...config.sync, token: resolveSyncToken(config.sync) };
  return config;
}
