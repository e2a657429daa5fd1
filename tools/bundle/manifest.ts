/** @module manifest.json of an appliance bundle: what it is, what it was built from, and the sha256 of every file in it. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, type TargetArch } from './runtime-modules.ts';

export const MANIFEST_FILE = 'manifest.json';

export interface BundleManifest {
  name: 'mre-appliance';
  /** package.json's version + the short commit, as `0.1.0+0479423`. */
  version: string;
  commit: string;
  arch: TargetArch;
  node: string;
  built_at: string;
  /** Path relative to the bundle's folder (forward slashes) → sha256 hex; every file but manifest.json. */
  files: Record<string, string>;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Hashes every file under `dir` (manifest.json excepted) into a manifest. */
export function makeManifest(dir: string, fields: Omit<BundleManifest, 'name' | 'files'>): BundleManifest {
  const files: Record<string, string> = {};
  for (const file of listFiles(dir)) if (file !== MANIFEST_FILE) files[file] = sha256File(join(dir, file));
  return { name: 'mre-appliance', ...fields, files };
}
