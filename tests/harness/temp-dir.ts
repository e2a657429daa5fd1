/** @module Temporary directories for test fixtures: creation under os.tmpdir() and forceful removal. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a fresh, empty directory under os.tmpdir() whose name starts with `prefix`. */
export async function makeTempDir(prefix: string): Promise<string> {
  // mkdtemp only appends random characters, so the separator has to be ours.
  const safe = prefix.replace(/[^A-Za-z0-9_.-]/g, '-');
  return mkdtemp(join(tmpdir(), safe.endsWith('-') ? safe : `${safe}-`));
}

/** Removes a directory tree; a directory that is already gone is not an error. */
export async function removeTempDir(path: string): Promise<void> {
  // Retries cover LevelDB/NATS files still being released by a process that just exited.
  await rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
