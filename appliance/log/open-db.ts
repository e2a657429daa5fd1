/** @module The log's LevelDB opened with failures that name their cause: another process holding it, or the errno and path at fault. */
import { Level } from 'level';
import { BOX_LEVEL_OPTIONS } from '../../shared/fs/level-options.ts';
import { diagnoseDirectory } from '../../shared/fs/unusable-dir.ts';

export interface OpenLogOptions {
  /** False for tools that read an existing log (replay): a missing one is an error, not a new log. */
  createIfMissing?: boolean;
  /** What to say when another process holds the log. */
  locked: string;
}

export async function openLogDb(dir: string, { createIfMissing = true, locked }: OpenLogOptions): Promise<Level<string, string>> {
  const db = new Level<string, string>(dir, BOX_LEVEL_OPTIONS);
  try {
    await db.open({ createIfMissing });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (code === 'LEVEL_LOCKED') throw new Error(locked);
    // LevelDB says only "Database failed to open": name the errno and the path at fault.
    throw (await diagnoseDirectory(dir, 'the log')) ?? new Error(`cannot open the log in ${dir}: ${(error as Error).message}`);
  }
  return db;
}
