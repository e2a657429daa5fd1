/** @module LiveRC connector configuration: the zod schema (kill switch, contact, spacing, timeouts, retries, hosts) and its parse. */
import { z } from 'zod';
import { DEFAULT_HOSTS, liveRcUrls, LiveRcUrlError } from './urls.ts';

const int = (what: string) => z.coerce.number({ error: `expected a number for ${what}` }).int({ error: `expected a whole number of milliseconds for ${what}` });
const flag = z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean({ error: 'expected true or false' }));

const EMAIL = /^[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+$/;
const CONTACT_HELP = 'contact is required: an e-mail address or http(s) URL where LiveRC can reach whoever runs this connector; it goes in the User-Agent';

function isContact(value: string): boolean {
  if (EMAIL.test(value)) return true;
  try {
    const url = new URL(value);
    // Parentheses and spaces would end the User-Agent comment early.
    return (url.protocol === 'https:' || url.protocol === 'http:') && !/[\s()]/.test(value);
  } catch {
    return false;
  }
}

function validHosts(hosts: { catalogue: string; track: string }): string | null {
  try {
    liveRcUrls(hosts);
    return null;
  } catch (error) {
    if (error instanceof LiveRcUrlError) return error.message;
    throw error;
  }
}

export const liveRcConfigSchema = z.strictObject({
  /** The kill switch: false makes every call fail with code `disabled` before any request. */
  enabled: flag.default(true),
  // Preprocessed so an absent section (`liverc: {}` in a larger config) still reaches this message.
  contact: z
    .string({ error: CONTACT_HELP })
    .trim()
    .optional()
    .pipe(z.string({ error: CONTACT_HELP }).refine(isContact, { error: CONTACT_HELP })),
  /**
   * Gap from the end of one request to LiveRC to the start of the next, across every LiveRC
   * host (they are one site). LiveRC publishes no rate limit; the crawlers that identify
   * themselves use 1 s (reference/liverc-site.md §4), so 500 ms is the floor.
   */
  min_interval_ms: int('min_interval_ms')
    .min(500, { error: 'min_interval_ms must be at least 500: LiveRC publishes no rate limit, so no more than two requests a second to LiveRC' })
    .default(1000),
  timeout_ms: z
    .strictObject({
      /** TCP + TLS set-up. */
      connect: int('timeout_ms.connect').min(100).default(5_000),
      /** One attempt from start to the last body byte. */
      total: int('timeout_ms.total').min(100).default(30_000),
    })
    .prefault({}),
  /** Attempts per page, the first included. */
  max_tries: int('max_tries').min(1).max(10).default(3),
  /** First retry delay; doubled per retry, jittered, never under the host spacing. */
  backoff_ms: int('backoff_ms').min(100).max(60_000).default(1_000),
  /** The longest Retry-After waited out; a longer one fails the page at once (the host still rests this long). */
  max_retry_after_ms: int('max_retry_after_ms').min(1_000).max(3_600_000).default(600_000),
  hosts: z
    .strictObject({
      catalogue: z.string().default(DEFAULT_HOSTS.catalogue),
      track: z.string().default(DEFAULT_HOSTS.track),
    })
    .prefault({})
    .superRefine((hosts, ctx) => {
      const problem = validHosts(hosts);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
});

export type LiveRcConfig = z.infer<typeof liveRcConfigSchema>;
export type LiveRcConfigInput = z.input<typeof liveRcConfigSchema>;

/** Bad connector configuration: one problem per field, named by path. */
export class LiveRcConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid LiveRC connector configuration: ${problems.join('; ')}`);
    this.name = 'LiveRcConfigError';
  }
}

export function parseLiveRcConfig(raw: unknown): LiveRcConfig {
  const result = liveRcConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new LiveRcConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
}
