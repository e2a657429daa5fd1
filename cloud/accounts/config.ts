/** @module The cloud config's `accounts` section: the portal's session secret and lifetime, failed-login limits, and how many imports a member may queue. */
import { z } from 'zod';
import { flagField, intField } from '../../shared/config/load-config.ts';
import { MIN_SECRET_BYTES } from '../ingest/config.ts';
import type { SecretSpec } from '../ingest/token-secret.ts';

const int = intField;

export const SESSION_SECRET: SecretSpec = { field: 'accounts.session_secret', env: 'MRE_ACCOUNTS_SESSION_SECRET', usedFor: 'portal sessions', generatedName: 'session-secret' };

export const accountsConfigSchema = z
  .strictObject({
    /** The HMAC key session cookies and CSRF tokens are signed with; every process serving the portal needs the same. */
    session_secret: z
      .string()
      .refine((s) => Buffer.byteLength(s, 'utf8') >= MIN_SECRET_BYTES, { error: `must be at least ${MIN_SECRET_BYTES} bytes; make one with: openssl rand -base64 48` })
      .optional(),
    /** A file holding the secret instead (trailing newline ignored). */
    session_secret_file: z.string().min(1).optional(),
    /** A session cookie lasts this long after sign-in; then the user signs in again. */
    session_hours: z.coerce.number().min(0.01).max(24 * 90).default(12),
    /** Failed logins for one user name before that name is refused for login_block_ms. */
    max_login_failures_per_name: int().min(1).max(1_000).default(5),
    /** Failed logins from one address (whatever the names) before the address is refused. */
    max_login_failures_per_address: int().min(1).max(100_000).default(20),
    /** How long a blocked name or address is refused; failures older than this are forgotten. */
    login_block_ms: int().min(1_000).max(86_400_000).default(900_000),
    /** Imports one member may queue per hour; admins are not limited. */
    member_imports_per_hour: int().min(1).max(10_000).default(20),
    /** Behind a reverse proxy: the address is the last X-Forwarded-For entry and https the last X-Forwarded-Proto entry, which the proxy appends. */
    trust_proxy: flagField.default(false),
  })
  .prefault({})
  .superRefine((accounts, ctx) => {
    if (accounts.session_secret !== undefined && accounts.session_secret_file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['session_secret_file'], message: 'set accounts.session_secret or accounts.session_secret_file, not both' });
    }
  });

export type AccountsConfig = z.infer<typeof accountsConfigSchema>;

export const ACCOUNTS_ENV_OVERRIDES = {
  MRE_ACCOUNTS_SESSION_SECRET: ['accounts', 'session_secret'],
  MRE_ACCOUNTS_SESSION_SECRET_FILE: ['accounts', 'session_secret_file'],
  MRE_ACCOUNTS_SESSION_HOURS: ['accounts', 'session_hours'],
  MRE_ACCOUNTS_MAX_LOGIN_FAILURES_PER_NAME: ['accounts', 'max_login_failures_per_name'],
  MRE_ACCOUNTS_MAX_LOGIN_FAILURES_PER_ADDRESS: ['accounts', 'max_login_failures_per_address'],
  MRE_ACCOUNTS_LOGIN_BLOCK_MS: ['accounts', 'login_block_ms'],
  MRE_ACCOUNTS_MEMBER_IMPORTS_PER_HOUR: ['accounts', 'member_imports_per_hour'],
  MRE_ACCOUNTS_TRUST_PROXY: ['accounts', 'trust_proxy'],
} as const;
