/** @module The operator PIN: from config, else made once and kept in data_dir/control-token (written durably: temp, fsync, rename); one shorter than six characters is refused, wherever it comes from. */
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../shared/config/load-config.ts';
import { writeDurably } from '../../shared/fs/write-durably.ts';

/** Six is the shortest a limited guesser cannot reach in a season (docs/race-api.md "Operator PIN"). */
export const MIN_TOKEN_LENGTH = 6;

export interface ControlToken {
  token: string;
  source: 'config' | 'file' | 'generated';
  file: string | null;
}

export async function resolveControlToken(configured: string | undefined, dataDir: string): Promise<ControlToken> {
  if (configured) {
    if (configured.length < MIN_TOKEN_LENGTH) throw new ConfigError([`control.token: token must be at least ${MIN_TOKEN_LENGTH} digits or characters, so it cannot be guessed over the LAN`]);
    return { token: configured, source: 'config', file: null };
  }
  const file = join(dataDir, 'control-token');
  let saved: string | undefined;
  try {
    saved = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the control token ${file}: ${(error as Error).message}`);
  }
  if (saved !== undefined && saved.length >= MIN_TOKEN_LENGTH) return { token: saved, source: 'file', file };
  // Replacing a PIN staff may know would lock them out without a word; an empty file is a broken write, made anew.
  if (saved) throw new ConfigError([`${file}: the operator PIN there is shorter than ${MIN_TOKEN_LENGTH} characters: put a PIN of ${MIN_TOKEN_LENGTH} or more digits in it, or delete the file to have one made`]);
  // Eight digits: typed on a phone at the track, and too many to guess at the rate the box allows (docs/race-api.md).
  const token = String(randomInt(10_000_000, 100_000_000));
  await writeDurably(file, `${token}\n`, 0o600);
  return { token, source: 'generated', file };
}
