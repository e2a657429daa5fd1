/**
 * @module The version of the code that is running: the manifest.json of the release it was
 * unpacked from (`0.1.0+0479423`), or in a checkout package.json's version marked `+checkout`.
 * `mre update` waits for /healthz to name the new version before it calls a switch good.
 */
import { readFileSync } from 'node:fs';
import { RELEASE_NAME } from './manifest.ts';

let cached: string | undefined;

function readJson(file: URL): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}

/** A release's manifest.json, else the checkout's package.json version marked `+checkout`. */
export function versionFrom(manifest: URL, packageJson: URL): string {
  const release = readJson(manifest);
  if (release?.name === RELEASE_NAME && typeof release.version === 'string') return release.version;
  const pkg = readJson(packageJson);
  return typeof pkg?.version === 'string' ? `${pkg.version}+checkout` : 'unknown';
}

export function runningVersion(): string {
  // The bundle build rewrites these paths relative to lib/, where the release's manifest.json is one folder up.
  cached ??= versionFrom(new URL('../../manifest.json', import.meta.url), new URL('../../package.json', import.meta.url));
  return cached;
}
