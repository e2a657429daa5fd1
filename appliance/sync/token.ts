/** @module The box token, from `sync.token` (or MRE_SYNC_TOKEN) or the file `sync.token_file`, read once at start; a missing or malformed one stops start-up naming the field. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../shared/config/config-error.ts';
import { tokenProblem, type SyncConfig } from './config.ts';

export function resolveSyncToken(sync: Pick<SyncConfig, 'token' | 'token_file'>): string {
  if (sync.token !== undefined) return sync.token;
  const file = sync.token_file;
  if (file === undefined) throw new ConfigError(['sync.token: required when sync.enabled is true: set sync.token (or MRE_SYNC_TOKEN) or sync.token_file']);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`sync.token_file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  // `mre cloud token issue > file` leaves a newline that is no part of the token.
  const token = text.trim();
  const problem = tokenProblem(token);
  // The file's content is never quoted back: it is a secret, or something that was meant to be.
  if (problem) throw new ConfigError([`sync.token_file: ${file} does not hold a box token: ${problem}`]);
  return token;
}
