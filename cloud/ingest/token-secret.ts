/** @module The box-token secret, from `ingest.token_secret` (or MRE_INGEST_TOKEN_SECRET) or the file `ingest.token_secret_file`; a missing or short one stops start-up naming the field. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Where a cloud without a configured secret keeps the one it made itself. */
export const generatedSecretFile = (dataDir: string) => join(dataDir, 'ingest-token-secret');

/**
 * With no secret configured, the file in the data dir: made at the first `mre cloud start`
 * (`create`), found by `mre cloud token issue` afterwards. Returns the config to use and
 * whether the file was just made.
 */
export function withGeneratedSecret<T extends Pick<IngestConfig, 'token_secret' | 'token_secret_file'>>(ingest: T, dataDir: string, create: boolean): { ingest: T; created: string | null } {
  if (ingest.token_secret !== undefined || ingest.token_secret_file !== undefined) return { ingest, created: null };
  const file = generatedSecretFile(dataDir);
  let created: string | null = null;
  if (!existsSync(file)) {
    if (!create) return { ingest, created: null };
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // wx: two first starts racing must not each write a different secret.
    try {
      writeFileSync(file, `${randomBytes(48).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      created = file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { ingest: { ...ingest, token_secret_file: file }, created };
}
