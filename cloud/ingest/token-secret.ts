/**
 * @module The cloud's signing secrets: the box-token secret (`ingest.token_secret`, or the file
 * `ingest.token_secret_file`) and any other secret configured the same way (the portal's session
 * secret, cloud/accounts); a missing or short one stops start-up naming the field. An embedded
 * cloud makes its own in its data dir.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../shared/config/config-error.ts';
import { MIN_SECRET_BYTES, type IngestConfig } from './config.ts';

const HOW = 'make one with: openssl rand -base64 48';

/** Where a secret is configured, for its error messages and the file an embedded cloud makes. */
export interface SecretSpec {
  /** `ingest.token_secret` */
  field: string;
  /** `MRE_INGEST_TOKEN_SECRET` */
  env: string;
  /** `box tokens` */
  usedFor: string;
  /** The file name in the data dir when the cloud makes its own. */
  generatedName: string;
}

export const TOKEN_SECRET: SecretSpec = { field: 'ingest.token_secret', env: 'MRE_INGEST_TOKEN_SECRET', usedFor: 'box tokens', generatedName: 'ingest-token-secret' };

/** The secret from its value or its file (a trailing newline ignored), at least MIN_SECRET_BYTES long. */
export function resolveSecret(spec: SecretSpec, value: string | undefined, file: string | undefined): Buffer {
  if (value !== undefined) return Buffer.from(value, 'utf8');
  if (file === undefined) {
    throw new ConfigError([`${spec.field}: ${spec.usedFor} need a secret of at least ${MIN_SECRET_BYTES} bytes: set ${spec.field} (or ${spec.env}) or ${spec.field}_file; ${HOW}`]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${spec.field}_file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  // `echo secret > file` leaves a newline that is no part of the secret.
  const secret = Buffer.from(text.replace(/\r?\n$/, ''), 'utf8');
  if (secret.length < MIN_SECRET_BYTES) {
    throw new ConfigError([`${spec.field}_file: ${file} holds ${secret.length} bytes; the secret must be at least ${MIN_SECRET_BYTES}; ${HOW}`]);
  }
  return secret;
}

export function resolveTokenSecret(config: Pick<IngestConfig, 'token_secret' | 'token_secret_file'>): Buffer {
  return resolveSecret(TOKEN_SECRET, config.token_secret, config.token_secret_file);
}

/** Where a cloud without a configured secret keeps the one it made itself. */
export const generatedSecretFile = (dataDir: string, spec: SecretSpec = TOKEN_SECRET) => join(dataDir, spec.generatedName);

/**
 * With no secret configured, the file in the data dir: made at the first `mre cloud start`
 * (`create`), found by the commands that sign afterwards. Returns the file to use (undefined
 * when there is none) and whether it was just made.
 */
export function generatedSecret(spec: SecretSpec, dataDir: string, create: boolean): { file: string | undefined; created: string | null } {
  const file = generatedSecretFile(dataDir, spec);
  if (existsSync(file)) return { file, created: null };
  if (!create) return { file: undefined, created: null };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // wx: two first starts racing must not each write a different secret.
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return { file, created: file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { file, created: null };
  }
}

/** The box-token secret: the configured one, else the data dir's (see generatedSecret). */
export function withGeneratedSecret<T extends Pick<IngestConfig, 'token_secret' | 'token_secret_file'>>(ingest: T, dataDir: string, create: boolean): { ingest: T; created: string | null } {
  if (ingest.token_secret !== undefined || ingest.token_secret_file !== undefined) return { ingest, created: null };
  const { file, created } = generatedSecret(TOKEN_SECRET, dataDir, create);
  return { ingest: file ? { ...ingest, token_secret_file: file } : ingest, created };
}
