/** @module Small files that survive power loss: write a temp file, fsync, rename over, fsync the directory. */
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeDurably(path: string, text: string, mode = 0o644): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const file = await open(temp, 'w', mode);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    // A full disk must not also keep the half-written copy.
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
