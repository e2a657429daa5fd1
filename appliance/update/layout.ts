/** @module Where a box keeps its releases: /opt/mre/releases/<version>, /opt/mre/current and /opt/mre/previous (symlinks), under a root that tests point at a temp folder. */
import { join } from 'node:path';

export interface ReleaseLayout {
  /** /opt/mre under the root. */
  home: string;
  releases: string;
  /** Symlink to the running release: what the unit starts. */
  current: string;
  /** Symlink to the release that ran before the current one: what `mre update --rollback` goes back to. */
  previous: string;
  lock: string;
}

export function releaseLayout(root: string): ReleaseLayout {
  const home = join(root, 'opt', 'mre');
  return { home, releases: join(home, 'releases'), current: join(home, 'current'), previous: join(home, 'previous'), lock: join(home, 'update.lock') };
}

/** A release folder's name is its version; work in progress carries one of these endings and is never run. */
export const PARTIAL_SUFFIX = '.partial';
