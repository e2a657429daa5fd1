/** @module Why a directory cannot hold a database: LevelDB says only "Database failed to open", so the path is checked with fs after the failure. */
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/** A directory the process cannot use, with the errno that says why and the path it applies to. */
export class UnusableDirectoryError extends Error {
  constructor(
    readonly code: string,
    /** The path at fault: a file standing where a directory should be, or the directory itself. */
    readonly path: string,
    readonly dir: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnusableDirectoryError';
  }
}

/** The nearest of `dir` and its parents that exists, as a file or a directory. */
async function nearestExisting(dir: string): Promise<{ path: string; isDirectory: boolean } | undefined> {
  for (let path = dir; ; path = dirname(path)) {
    try {
      return { path, isDirectory: (await stat(path)).isDirectory() };
    } catch {
      if (dirname(path) === path) return undefined;
    }
  }
}

/** The account the process runs as, by name when it has one (a service user usually does). */
function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '?');
  }
}

function explain(code: string, path: string, dir: string, what: string): UnusableDirectoryError {
  const reason =
    code === 'ENOTDIR' ? `${path} is a file, not a directory (ENOTDIR): move that file away or choose another data directory`
    : code === 'EROFS' ? `${path} is on a read-only filesystem (EROFS): remount it read-write or choose another data directory`
    : code === 'EACCES' || code === 'EPERM' ? `no permission to write in ${path} (${code}) for user ${currentUser()}: give the service user ownership of it or choose another data directory`
    : code === 'ENOSPC' ? `no space left on the disk holding ${path} (ENOSPC): free some space`
    : `${path} cannot be written (${code})`;
  return new UnusableDirectoryError(code, path, dir, `cannot open ${what} in ${dir}: ${reason}`);
}

/**
 * Checks that `dir` exists (creating it as LevelDB would) and takes a new file. Returns the
 * reason it cannot, worded as "cannot open `what` in `dir`: …", or undefined when the
 * directory looks usable (the failure lies elsewhere).
 */
export async function diagnoseDirectory(dir: string, what: string): Promise<UnusableDirectoryError | undefined> {
  const existing = await nearestExisting(dir);
  if (existing && !existing.isDirectory) return explain('ENOTDIR', existing.path, dir, what);
  // One level at a time: a recursive mkdir on a read-only mount reports ENOENT, not EROFS.
  const missing: string[] = [];
  for (let path = dir; path !== existing?.path && dirname(path) !== path; path = dirname(path)) missing.unshift(path);
  for (const path of missing) {
    try {
      await mkdir(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      if (code !== 'EEXIST') return explain(code, dirname(path), dir, what);
    }
  }
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    await (await open(probe, 'wx')).close();
    await unlink(probe);
    return undefined;
  } catch (error) {
    return explain((error as NodeJS.ErrnoException).code ?? 'EIO', dir, dir, what);
  }
}
