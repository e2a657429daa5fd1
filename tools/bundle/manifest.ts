/** @module Makes an appliance bundle's manifest.json (shared/release/manifest.ts says what it holds). */
import { join } from 'node:path';
import { MANIFEST_FILE, RELEASE_NAME, sha256File, type BundleManifest } from '../../shared/release/manifest.ts';
import { releaseFiles } from '../../shared/release/files.ts';

export { MANIFEST_FILE, sha256File, type BundleManifest } from '../../shared/release/manifest.ts';

/** Hashes every file under `dir` (manifest.json excepted) into a manifest. */
export function makeManifest(dir: string, fields: Omit<BundleManifest, 'name' | 'files'>): BundleManifest {
  const files: Record<string, string> = {};
  for (const file of releaseFiles(dir)) if (file !== MANIFEST_FILE) files[file] = sha256File(join(dir, file));
  return { name: RELEASE_NAME, ...fields, files };
}
