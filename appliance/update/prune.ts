/** @module Old releases removed after a good switch: the current and previous ones always stay, then the newest installed up to the number kept; unfinished unpacks (an update killed mid-way) go too. */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PARTIAL_SUFFIX } from './layout.ts';

export function pruneReleases(releases: string, keep: number, stay: ReadonlyArray<string | null>): string[] {
  const removed: string[] = [];
  const installed: Array<{ name: string; at: number }> = [];
  for (const name of readdirSync(releases)) {
    const path = join(releases, name);
    if (name.endsWith(PARTIAL_SUFFIX)) {
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } else {
      const stat = statSync(path);
      if (stat.isDirectory()) installed.push({ name, at: stat.mtimeMs });
    }
  }
  const kept = new Set(stay.filter((name): name is string => name !== null));
  for (const { name } of installed.sort((a, b) => b.at - a.at)) {
    if (kept.has(name)) continue;
    if (kept.size < keep) kept.add(name);
    else {
      rmSync(join(releases, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
