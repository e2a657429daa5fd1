/** @module When to try a page again and how long to wait: retryable statuses, Retry-After, jittered exponential backoff. */

/** The host said "not now" (429) or "not able" (5xx); other 4xx will answer the same next time. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Statuses whose Retry-After the host means as an instruction (RFC 9110 §10.2.3, RFC 6585 §4). */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * Retry-After as milliseconds from now: delay-seconds or an HTTP date (a date in the past means
 * now). Anything else is ignored and the ordinary backoff applies.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number = Date.now()): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the IMF-fixdate and the two obsolete forms carry a weekday or a month name; bare numbers with signs do not.
  if (!/[a-z]{3}/i.test(text)) return null;
  const at = Date.parse(text);
  // The wait is timed on the monotonic clock, which can run a few ms apart from the wall clock the
  // date is on: rounded up to whole seconds (the date's own resolution), the retry is never early.
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000) * 1000);
}

export const MAX_BACKOFF_MS = 60_000;

/**
 * Delay before try `failedTries + 1`: base × 2^(failedTries − 1), capped, with "equal jitter"
 * (half fixed, half random) so callers that failed together do not come back together.
 */
export function backoffMs(failedTries: number, baseMs: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, failedTries - 1));
  return Math.round(full / 2 + random() * (full / 2));
}
