/** @module Throwaway LevelDB databases in temp directories, for tests of the durable envelope log. */
import { Level } from 'level';
import { makeTempDir, removeTempDir } from './temp-dir.ts';

export interface TempLevelDir {
  path: string;
  /** Removes the directory and everything in it. Idempotent. */
  cleanup(): Promise<void>;
}

export interface TempLevel {
  db: Level<string, string>;
  path: string;
  /** Closes the database but keeps its files, e.g. to reopen and check durability. */
  close(): Promise<void>;
  /** Closes the database if it is open, then removes its directory. Idempotent. */
  cleanup(): Promise<void>;
}

/** An empty directory for code under test to create its own LevelDB in. */
export async function tempLevelDir(prefix = 'leveldb-harness'): Promise<TempLevelDir> {
  const path = await makeTempDir(prefix);
  return { path, cleanup: () => removeTempDir(path) };
}

/** An opened `Level<string, string>` with utf8 keys and values in a fresh temp directory. */
export async function openTempLevel(prefix = 'leveldb-harness'): Promise<TempLevel> {
  const dir = await tempLevelDir(prefix);
  const db = new Level<string, string>(dir.path, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  try {
    await db.open();
  } catch (err) {
    await dir.cleanup();
    throw new Error(`could not open a temp LevelDB in ${dir.path}: ${(err as Error).message}`, { cause: err });
  }
  const close = async (): Promise<void> => {
    // LevelDB holds a LOCK file; removing the directory under an open handle would leak it.
    if (db.status !== 'closed') await db.close();
  };
  return {
    db,
    path: dir.path,
    close,
    cleanup: async () => {
      await close();
      await dir.cleanup();
    },
  };
}
