/** @module Every entry under a folder as a forward-slash path; anything but a file or a folder is reported, since a release holds only those. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UpdateError } from './update-error.ts';

export function listTree(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const path = join(at, entry);
      const stat = lstatSync(path);
      const name = relative(dir, path).split(sep).join('/');
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) files.push(name);
      else throw new UpdateError(`${name} in the bundle is a link or a special file`);
    }
  };
  walk(dir);
  return files.sort();
}
