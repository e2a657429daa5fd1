/**
 * @module The engine's snapshots as files beside its LevelDB (`engine/snapshots/<lsn>.json`).
 * A snapshot is megabytes; kept among the store's small records it made LevelDB rewrite it on
 * every compaction and made reading the records themselves five times slower (docs/race-engine.md).
 */
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from '../../shared/fs/write-durably.ts';

/** Older snapshots are a fallback if the newest is unreadable; three is plenty. */
export const KEEP_SNAPSHOTS = 3;
const NAME = /^(\d{16})\.json$/;

const fileName = (lsn: number) => `${lsn.toString().padStart(16, '0')}.json`;

/** The snapshot files among a folder's names, oldest first. */
const snapshotNames = (files: readonly string[]) => files.filter((name) => NAME.test(name)).sort();

/** A snapshot on disk; it is read only when asked for, newest first, so a start reads one. */
export interface SnapshotFile {
  key: string;
  lsn: number;
  read(): Promise<string>;
}

export class SnapshotFiles {
  readonly dir: string;

  constructor(storeDir: string) {
    this.dir = join(storeDir, 'snapshots');
  }

  /** Every file in the folder; none when there is no folder yet. */
  private async files(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** The kept snapshots, newest first. */
  async list(): Promise<SnapshotFile[]> {
    return snapshotNames(await this.files())
      .reverse()
      .map((name) => ({ key: name, lsn: Number(NAME.exec(name)![1]), read: () => readFile(join(this.dir, name), 'utf8') }));
  }

  /** Written whole or not at all (temp file, fsync, rename); then all but the newest few are removed. */
  async save(lsn: number, snapshot: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeDurably(join(this.dir, fileName(lsn)), snapshot);
    const files = await this.files();
    const names = snapshotNames(files);
    // Also any temp file a write the process did not live to finish left: only one process writes here (the store's lock).
    const doomed = [...names.slice(0, Math.max(0, names.length - KEEP_SNAPSHOTS)), ...files.filter((name) => name.endsWith('.tmp'))];
    for (const name of doomed) await unlink(join(this.dir, name)).catch(() => undefined);
  }

  async drop(key: string): Promise<void> {
    if (NAME.test(key)) await unlink(join(this.dir, key)).catch(() => undefined);
  }

  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
