/** @module The appliance config's `sync` section: where the cloud is, the box token (inline or in a file), batch size and timeout, each bad field named. */
import { z } from 'zod';
import { flagField, intField } from '../../shared/config/load-config.ts';
import { INGEST_MAX_ENVELOPES } from '../../shared/contracts/ingest.ts';

/** `mre1.<claims>.<signature>`, base64url: what `mre cloud token issue` prints. */
const TOKEN_SHAPE = /^mre1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** As the cloud's own ceiling: nothing longer is a token. */
const MAX_TOKEN_LENGTH = 1024;

export const DEFAULT_BATCH_SIZE = 500;

const tokenText = z
  .string()
  .trim()
  .max(MAX_TOKEN_LENGTH, { error: `a box token is at most ${MAX_TOKEN_LENGTH} characters` })
  .regex(TOKEN_SHAPE, { error: 'expected a box token as `mre cloud token issue` prints it (mre1.<claims>.<signature>)' });

function checkUrl(value: string, ctx: z.RefinementCtx): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected the cloud base URL, such as https://cloud.example.org' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `expected an http:// or https:// URL, not ${url.protocol}` });
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'put the box token in sync.token or sync.token_file, not in the URL' });
  if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'expected a base URL without ?query or #fragment' });
}

export const syncConfigSchema = z
  .strictObject({
    /** Send the log to the cloud. */
    enabled: flagField.default(false),
    /** The cloud's base URL; the box POSTs to `<url>/api/ingest/batch`. */
    url: z.string().trim().superRefine(checkUrl).optional(),
    /** The box token (`mre cloud token issue`). */
    token: tokenText.optional(),
    /** Or a file holding it, read at start (a trailing newline is ignored). */
    token_file: z.string().min(1, { error: 'expected a file path' }).optional(),
    /** Envelopes per request at most; a batch is also kept well under the cloud's 1 MiB body limit. */
    batch_size: intField('batch_size').min(1).max(INGEST_MAX_ENVELOPES).default(DEFAULT_BATCH_SIZE),
    /** Longest wait for a connection, the answer's headers, or between its body's chunks. */
    timeout_ms: intField('timeout_ms').min(1000).max(300_000).default(30_000),
  })
  .superRefine((sync, ctx) => {
    if (sync.token !== undefined && sync.token_file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'set sync.token or sync.token_file, not both' });
    }
    if (!sync.enabled) return;
    if (sync.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'required when sync.enabled is true: the cloud base URL, such as https://cloud.example.org' });
    if (sync.token === undefined && sync.token_file === undefined) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'required when sync.enabled is true: set sync.token (or MRE_SYNC_TOKEN) or sync.token_file to the box token from `mre cloud token issue`' });
    }
  })
  .prefault({});

export type SyncConfig = z.infer<typeof syncConfigSchema>;

/** Checks a token read from `sync.token_file` as the schema checks an inline one; returns the problem, if any. */
export function tokenProblem(token: string): string | null {
  const result = tokenText.safeParse(token);
  return result.success ? null : result.error.issues[0]!.message;
}
