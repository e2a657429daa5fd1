/** @module Service configuration: a JSON file, then MRE_* environment overrides, validated by a zod schema with every bad field named by path and source. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Bad configuration: the message lists each bad field by path; the CLI exits 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** A whole number, also from an env var's text. */
export const intField = (what: string) => z.coerce.number({ error: `expected a number for ${what}` }).int({ error: `expected a whole number for ${what}` });

/** true/false, also `1`/`0` and `"true"`/`"false"` from an env var. */
export const flagField = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean({ error: 'expected true or false' }));

/** Env var → config path, e.g. `MRE_HTTP_PORT: ['http', 'port']`. Explicit, so `--help` and the docs can list them. */
export type EnvOverrides = Readonly<Record<string, readonly string[]>>;

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`config file ${file} is not valid JSON: ${(error as Error).message}`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError([`config file ${file} must hold a JSON object`]);
  return raw as Record<string, unknown>;
}

export function loadConfigFile<S extends z.ZodType>(schema: S, file: string | undefined, overrides: EnvOverrides, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const raw = file ? readJsonFile(file) : {};
  const fromEnv = new Map<string, string>();
  for (const [name, path] of Object.entries(overrides)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(raw, path, value);
    fromEnv.set(path.join('.'), name);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const path = issue.path.join('.') || '(root)';
      const source = fromEnv.get(path);
      return `${path}: ${issue.message}${source ? ` (from ${source})` : ''}`;
    }),
  );
}
