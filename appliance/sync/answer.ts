/**
 * @module What the sync loop makes of the cloud's answer to a batch: taken (with the acks), try
 * again later (network, 5xx, 429, anything that is not the ingest API talking), too large
 * (split it), or refused in a way only a person can fix (token, contract, wrong URL).
 */
import { ingestBatchResponseSchema, ingestErrorSchema, type IngestBatchResponse, type IngestError } from '../../shared/contracts/ingest.ts';

export type SendOutcome =
  | { kind: 'ok'; response: IngestBatchResponse }
  | { kind: 'retry'; cause: string; retryAfterMs: number | null }
  /** 413: the batch must be smaller; a batch of one that gets this can never be sent. */
  | { kind: 'too_large'; cause: string }
  | { kind: 'refused'; status: number; cause: string; index?: number };

/** The longest Retry-After honoured: a proxy's "come back tomorrow" must not silence the box for a day. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

type Headers = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim();

/** Retry-After as ms: delay-seconds or an HTTP date; else the body's `retry_after_s`. */
export function retryAfterMs(headers: Headers, body: { retry_after_s?: number } | null, nowMs = Date.now()): number | null {
  const text = first(headers['retry-after']);
  let ms: number | null = null;
  if (text && /^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (text && /[a-z]{3}/i.test(text) && !Number.isNaN(Date.parse(text))) ms = Math.max(0, Date.parse(text) - nowMs);
  else if (body?.retry_after_s !== undefined) ms = body.retry_after_s * 1000;
  return ms === null ? null : Math.min(ms, MAX_RETRY_AFTER_MS);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The cloud's own words (`error`), or the start of whatever else answered, on one line. */
function said(text: string): { words: string; error: IngestError | null } {
  const parsed = ingestErrorSchema.safeParse(parseJson(text));
  if (parsed.success) return { words: parsed.data.error, error: parsed.data };
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return { words: excerpt ? `a body that is not the ingest API's: "${excerpt}"` : 'an empty body', error: null };
}

export function classifyAnswer(status: number, headers: Headers, text: string, url: string): SendOutcome {
  if (status >= 200 && status <= 299) {
    const parsed = ingestBatchResponseSchema.safeParse(parseJson(text));
    if (parsed.success) return { kind: 'ok', response: parsed.data };
    // A venue's captive portal answers 200 with its login page: not the cloud, so not final.
    return { kind: 'retry', cause: `${url} answered ${status} but not as the ingest API does (a captive portal or proxy in the way?)`, retryAfterMs: null };
  }
  if (status >= 300 && status <= 399) {
    return { kind: 'retry', cause: `${url} redirected (${status}) to ${first(headers.location) ?? 'nowhere'}: a captive portal, or sync.url should be the address it names`, retryAfterMs: null };
  }
  const { words, error } = said(text);
  if (status === 401 || status === 403) return { kind: 'refused', status, cause: `the cloud refused the box token (${status}): ${words}` };
  if (status === 400) return { kind: 'refused', status, cause: `the cloud refused a batch as breaking the contract (400): ${words}`, ...(error?.index === undefined ? {} : { index: error.index }) };
  if (status === 413) return { kind: 'too_large', cause: `the cloud refused the batch as too large (413): ${words}` };
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return { kind: 'retry', cause: `the cloud answered ${status}: ${words}`, retryAfterMs: retryAfterMs(headers, error) };
  }
  // 404, 405 and the like: the URL leads somewhere that is not the ingest API.
  return { kind: 'refused', status, cause: `${url} answered ${status}, not the ingest API: check sync.url (${words})` };
}
