/** @module The current and previous symlinks: read as a version, and switched atomically (a new link renamed over the old one, so the unit never finds none). */
import { readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename } from 'node:path';

/** The release a link points at, by version; null when there is no link. */
export function linkedVersion(link: string): string | null {
  try {
    return basename(readlinkSync(link));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Points `link` at releases/<version> (relative, so the tree can move under another root), or removes it for null. */
export function pointAt(link: string, version: string | null): void {
  if (version === null) {
    rmSync(link, { force: true });
    return;
  }
  const fresh = `${link}.new-${process.pid}`;
  rmSync(fresh, { force: true });
  symlinkSync(`releases/${version}`, fresh);
  renameSync(fresh, link);
}
