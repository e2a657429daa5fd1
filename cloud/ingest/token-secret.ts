/** @module The box-token secret, from `ingest.token_secret` (or MRE_INGEST_TOKEN_SECRET) or the file `ingest.token_secret_file`; a missing or short one stops start-up naming the field. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../shared/config/config-error.ts';
import { MIN_SECRET_BYTES, type IngestConfig } from './config.ts';

const HOW = 'make one with: openssl rand -base64 48';

export function resolveTokenSecret(config: Pick<IngestConfig, 'token_secret' | 'token_secret_file'>): Buffer {
  if (config.token_secret !== undefined) return Buffer.from(config.token_secret, 'utf8');
  const file = config.token_secret_file;
  if (file === undefined) {
    throw new ConfigError([`ingest.token_secret: box tokens need a secret of at least ${MIN_SECRET_BYTES} bytes: set ingest.token_secret (or MRE_INGEST_TOKEN_SECRET) or ingest.token_secret_file; ${HOW}`]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`ingest.token_secret_file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  // `echo secret > file` leaves a newline that is no part of the secret.
  const secret = Buffer.from(text.replace(/\r?\n$/, ''), 'utf8');
  if (secret.length < MIN_SECRET_BYTES) {
    throw new ConfigError([`ingest.token_secret_file: ${file} holds ${secret.length} bytes; the secret must be at least ${MIN_SECRET_BYTES}; ${HOW}`]);
  }
  return secret;
}
