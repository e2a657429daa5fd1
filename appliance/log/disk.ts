/** @module Disk accounting for the log directory: bytes used, bytes free, and whether intake must stop. */
import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskState } from './types.ts';

export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) {
    try {
      total += (await stat(join(dir, name))).size;
    } catch {
      // LevelDB compaction removes files while we look.
    }
  }
  return total;
}

export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const fs = await statfs(dir);
    return fs.bavail * fs.bsize;
  } catch {
    return null;
  }
}

export interface DiskLimits {
  /** Refuse new envelopes when the log directory is larger than this. */
  maxLogBytes?: number;
  /** Refuse new envelopes when the filesystem has less free than this (LevelDB needs room to compact). */
  minFreeBytes: number;
}

export function diskState(sizeBytes: number, free: number | null, limits: DiskLimits): { state: DiskState; reason: string | null } {
  if (limits.maxLogBytes !== undefined && sizeBytes >= limits.maxLogBytes) {
    return { state: 'full', reason: `log is ${sizeBytes} bytes, at its cap of ${limits.maxLogBytes}` };
  }
  if (free !== null && free < limits.minFreeBytes) {
    return { state: 'full', reason: `only ${free} bytes free on the log's disk (need ${limits.minFreeBytes})` };
  }
  if (free !== null && free < limits.minFreeBytes * 4) return { state: 'low', reason: null };
  return { state: 'ok', reason: null };
}

/**
 * LevelDB keeps a failed background write (a table it could not write when the disk filled)
 * and fails every later write until the database is reopened. The log reopens it once the
 * disk has at least this much free again (or the free-space floor, if higher): enough for
 * LevelDB to turn its write-ahead log into a table on reopen.
 */
export const REOPEN_MIN_FREE_BYTES = 1024 * 1024;
