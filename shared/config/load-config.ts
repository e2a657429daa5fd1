/** @module Service configuration: a JSON file, then MRE_* environment overrides, validated by a zod schema with every bad field named by path and source. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import type { EnvOverrides } from './env-overrides.ts';
import { describeValue, numberIssueMessage } from './issue-message.ts';

export { ConfigError } from './config-error.ts';

/**
 * A whole number, also from an env var's text. Out-of-range and non-numeric values are
 * reported with the field's whole range (`expected a whole number from 0 to 65535`), which
 * the schema's own `.min()`/`.max()` give; `what` is kept for callers that name the field.
 */
export const intField = (_what?: string) => z.coerce.number().int();

/** true/false, also `1`/`0` and `"true"`/`"false"` from an env var. */
export const flagField = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean({ error: 'expected true or false' }));

export type { EnvOverrides } from './env-overrides.ts';

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
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

/** One bad field: its dotted path (`http.port`, `(root)`) and what is wrong with it, the value given quoted back (never a secret's). */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Validates an already-read document; every issue becomes one problem named by its path. `fromEnv` maps a path to the variable that set it. */
export function checkConfig<S extends z.ZodType>(schema: S, raw: unknown, fromEnv: ReadonlyMap<string, string> = new Map()): { ok: true; data: z.output<S> } | { ok: false; problems: ConfigProblem[] } {
  // Per-parse messages rank below a field's own: only number issues without one get the range wording.
  const result = schema.safeParse(raw, { error: numberIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join('.') || '(root)';
    const source = fromEnv.get(path);
    const value = issue.code === 'unrecognized_keys' ? undefined : valueAt(raw, issue.path);
    const given = describeValue(value, issue.path, source !== undefined);
    // Some schemas quote the value themselves (track_id "Not A Token" must be …).
    const echo = given && !(typeof value === 'string' && issue.message.includes(JSON.stringify(value))) ? `, got ${given}` : '';
    return { path, message: `${issue.message}${echo}${source ? ` (from ${source})` : ''}` };
  });
  return { ok: false, problems };
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
  const checked = checkConfig(schema, raw, fromEnv);
  if (checked.ok) return checked.data;
  throw new ConfigError(checked.problems.map((p) => `${p.path}: ${p.message}`));
}
