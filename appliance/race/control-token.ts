/** @module The operator PIN: from config, else made once and kept in data_dir/control-token (written durably: temp, fsync, rename). */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from '../../shared/fs/write-durably.ts';

export interface ControlToken {
  token: string;
  source: 'config' | 'file' | 'generated';
  file: string | null;
}

export async function resolveControlToken(configured: string | undefined, dataDir: string): Promise<ControlToken> {
  if (configured) return { token: configured, source: 'config', file: null };
  const file = join(dataDir, 'control-token');
  try {
    const saved = (await readFile(file, 'utf8')).trim();
    if (saved.length >= 4) return { token: saved, source: 'file', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the control token ${file}: ${(error as Error).message}`);
  }
  // Eight digits: typed on a phone at the track, and too many to guess over the LAN.
  const token = String(randomInt(10_000_000, 100_000_000));
  await writeDurably(file, `${token}\n`, 0o600);
  return { token, source: 'generated', file };
}
