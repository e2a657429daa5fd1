/** @module Talking to the cloud's API from the portal: the session cookie goes by itself, the CSRF token rides on every state-changing request, a 401 anywhere means the page shows the sign-in form. */
import type { EventRecord, TrackRecord } from '../../cloud/liverc/store/records.ts';
import type { JobState } from '../../cloud/liverc/jobs/job-state.ts';

export type { EventRecord, JobState, TrackRecord };

export const LIVERC = '/api/connectors/liverc';
/** The portal's routes over races our boxes timed (cloud/portal/box-races.ts). */
export const BOX = '/api/portal/box';
/** The header cloud/accounts/door.ts reads the token from. */
const CSRF_HEADER = 'X-CSRF-Token';

export interface PortalUser {
  name: string;
  role: 'admin' | 'member';
}

/** A refused request with the server's own words; `retryAfterS` when it said when to come back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterS: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrf: string | null = null;
let signedOut: () => void = () => undefined;

export function setCsrf(token: string | null): void {
  csrf = token;
}

/** Called when the server says the session is gone, so the page can go back to the sign-in form. */
export function onSignedOut(handler: () => void): void {
  signedOut = handler;
}

const SAFE = new Set(['GET', 'HEAD']);

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method) && csrf) headers[CSRF_HEADER] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: init.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'the cloud cannot be reached: check the connection and try again', null);
  }
  const body = (await res.json().catch(() => null)) as { error?: string; retry_after_s?: number } | null;
  // A body cut off (the connection dropped, the page navigating away) is no answer, not an empty one.
  if (body === null) throw new ApiError(res.status, `the cloud's answer (${res.status}) could not be read: try again`, null);
  if (res.ok) return body as T;
  if (res.status === 401 && path !== '/api/auth/login') signedOut();
  const retry = typeof body.retry_after_s === 'number' ? body.retry_after_s : Number(res.headers.get('retry-after')) || null;
  throw new ApiError(res.status, body.error ?? `the cloud answered ${res.status}`, retry);
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
