/** @module One update at a time: a lock file holding the updater's pid, taken over only when that process is gone (an update killed mid-way leaves it behind). */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { UpdateError } from './update-error.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws naming the update that holds it; returns the release. */
export function takeUpdateLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) throw new UpdateError(`another update is running (pid ${holder}, lock ${path}); wait for it to finish`);
      rmSync(path, { force: true });
    }
  }
  throw new UpdateError(`could not take the update lock ${path}`);
}
