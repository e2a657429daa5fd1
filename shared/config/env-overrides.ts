/** @module The shape of a service's environment overrides, apart from the schemas so help texts can list them cheaply. */

/** Env var → config path, e.g. `MRE_HTTP_PORT: ['http', 'port']`. Explicit, so `--help` and the docs can list them. */
export type EnvOverrides = Readonly<Record<string, readonly string[]>>;

/** The `--help` lines listing each override and the config path it sets. */
export function envOverrideLines(overrides: EnvOverrides, width: number): string {
  return Object.entries(overrides).map(([name, path]) => `  ${name.padEnd(width)} ${path.join('.')}`).join('\n');
}
