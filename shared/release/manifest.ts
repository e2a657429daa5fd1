/** @module manifest.json of an appliance release: what it is, what it was built from, and the sha256 of every file in it. Written by the bundle build, checked by `mre update`, read by the running appliance for its version. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const MANIFEST_FILE = 'manifest.json';
export const RELEASE_NAME = 'mre-appliance';
/** The tarball's one top folder: `mre-appliance-<version>`. */
export const releaseFolder = (version: string) => `${RELEASE_NAME}-${version}`;

export type TargetArch = 'arm64' | 'x64';

export interface BundleManifest {
  name: typeof RELEASE_NAME;
  /** package.json's version + the short commit, as `0.1.0+0479423`. */
  version: string;
  commit: string;
  arch: TargetArch;
  /** The Node versions the release runs on, as `>=20.19`. */
  node: string;
  built_at: string;
  /** Path relative to the release's folder (forward slashes) → sha256 hex; every file but manifest.json. */
  files: Record<string, string>;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
