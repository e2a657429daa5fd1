/** @module Every file of a release folder as a forward-slash path, sorted: what the bundle build hashes into the manifest and `mre update` checks against it. A release holds only files and folders, so anything else is refused. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** `notPlain` makes the error for a link or special file (the caller's own kind of error). */
export function releaseFiles(dir: string, notPlain: (name: string) => Error = (name) => new Error(`${name} is a link or a special file; a release holds only files and folders`)): string[] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      const stat = lstatSync(path);
      const name = relative(dir, path).split(sep).join('/');
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) files.push(name);
      else throw notPlain(name);
    }
  };
  walk(dir);
  return files.sort();
}
