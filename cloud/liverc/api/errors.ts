/** @module API errors as JSON `{error}`: one class carrying the status, the handler that renders every failure, and the parameter checks that raise 400s naming the field. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../../../shared/log/index.ts';
import { IngestError } from '../ingestion/context.ts';
import { QueueFullError } from '../queue-full.ts';
import { LiveRcError } from '../types.ts';
import { TOKEN_PATTERN } from '../../../shared/contracts/tokens.ts';

/** A refusal the client can act on: the message names the field or id at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const forbidden = (message: string) => new ApiError(403, message);
export const notFound = (message: string) => new ApiError(404, message);

/** What an ingestion refusal or an upstream failure means to an HTTP client. */
function statusOf(error: IngestError | LiveRcError): ContentfulStatusCode {
  if (error instanceof IngestError) return error.code === 'unknown_track' || error.code === 'unknown_event' ? 404 : error.code === 'locked' ? 409 : 422;
  // LiveRC, not this server, failed: a gateway error, or unavailable while switched off (or the client left).
  return error.code === 'disabled' || error.code === 'cancelled' ? 503 : 502;
}

/** Renders ApiError as itself, a full queue as 429 with Retry-After, ingestion and upstream failures by what they mean, anything else as a 500 that names no internals. */
export function renderError(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiError) return c.json({ error: error.message }, error.status);
    if (error instanceof QueueFullError) {
      c.header('Retry-After', String(error.retryAfterS));
      return c.json({ error: error.message, code: error.code, queue: error.queue, size: error.size }, 429);
    }
    if (error instanceof IngestError || error instanceof LiveRcError) return c.json({ error: error.message, code: error.code }, statusOf(error));
    log.error('LiveRC API request failed', { method: c.req.method, path: c.req.path, err: error });
    return c.json({ error: 'internal error; the server log has the details' }, 500);
  };
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A required `YYYY-MM-DD` query parameter that is a real calendar day. */
export function dayParam(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw badRequest(`${field} is required, as YYYY-MM-DD`);
  const m = ISO_DAY.exec(value);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !day || day.toISOString().slice(0, 10) !== value) throw badRequest(`${field} must be a date as YYYY-MM-DD, not ${JSON.stringify(value)}`);
  return value;
}

/** An optional whole-number query parameter within [min, max]. */
export function intParam(value: string | undefined, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw badRequest(`${field} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** An optional `true`/`false` query flag. */
export function flagParam(value: string | undefined, field: string): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw badRequest(`${field} must be true or false, not ${JSON.stringify(value)}`);
}

/** A box's ids and driver keys are tokens (shared/contracts/tokens.ts); anything else is named back, cut short. */
export function tokenParam(value: string | undefined, what: string): string {
  if (value === undefined) throw badRequest(`${what} is required`);
  if (!TOKEN_PATTERN.test(value)) throw badRequest(`${what} must be 1-64 of a-z, 0-9, _ and -, starting with a letter or digit: got ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

/** LiveRC ids are digits (`&id=486677`); anything else cannot name an event or race. */
export function idParam(value: string, what: string): string {
  if (!/^\d{1,12}$/.test(value)) throw badRequest(`${what} must be 1-12 digits, as in LiveRC's "&id=" links, not ${JSON.stringify(value)}`);
  return value;
}
