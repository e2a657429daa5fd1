/** @module Talking to the box's API from race control: the operator's PIN and name, intents, and errors put into words. */
import type { IntentName } from '../../shared/contracts/control.ts';
import type { IntentResult } from '../shared/live-types.ts';

export type { IntentResult };

const PIN_KEY = 'mre.control.pin';
const OPERATOR_KEY = 'mre.control.operator';

export interface Operator {
  pin: string;
  name: string;
}

/** Kept for the browser tab only: a shared tablet forgets the PIN when the tab closes. */
export function loadOperator(): Operator {
  return { pin: sessionStorage.getItem(PIN_KEY) ?? '', name: sessionStorage.getItem(OPERATOR_KEY) ?? '' };
}

export function saveOperator(operator: Operator): void {
  sessionStorage.setItem(PIN_KEY, operator.pin);
  sessionStorage.setItem(OPERATOR_KEY, operator.name);
}

/** A refused request, with one line per problem for the operator to read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly lines: string[],
  ) {
    super(lines.join('; '));
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: string;
  issues?: { path?: string | (string | number)[]; message?: string }[];
  /** 429: seconds until the box takes a PIN again, and whether this device or every new one is locked. */
  retry_after_s?: number;
  locked?: 'address' | 'all';
}

function waitText(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** The lockout in words, with the time on this device's clock when the PIN is taken again. */
function lockedOut(body: ErrorBody | null, now: number): string {
  const seconds = Math.max(1, Math.ceil(body?.retry_after_s ?? 60));
  const at = new Date(now + seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: seconds < 120 ? '2-digit' : undefined });
  const when = `Try again in ${waitText(seconds)} (at ${at}).`;
  if (body?.locked === 'all') return `Too many wrong PINs from many devices: the box takes no PIN from a new device for now. ${when} A device that gave the right PIN earlier today still works.`;
  return `Too many wrong PINs from this device: race control is locked on it. ${when}`;
}

/** 400 lists each bad field, 401 means the PIN, 429 says when to try again, 409 says why the race state refuses. */
export function describeError(status: number, body: ErrorBody | null, now = Date.now()): string[] {
  if (status === 401) return ['Wrong PIN: check the operator PIN and try again.'];
  if (status === 429) return [lockedOut(body, now)];
  if (status === 400 && body?.issues && body.issues.length > 0) {
    return body.issues.map((issue) => {
      const path = Array.isArray(issue.path) ? issue.path.join('.') : issue.path;
      return `${path || '(request)'}: ${issue.message ?? 'invalid'}`;
    });
  }
  if (body?.error) return [status === 409 ? body.error : `${body.error} (HTTP ${status})`];
  return [`The box answered HTTP ${status}.`];
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: text.slice(0, 200) };
  }
}

async function send<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { cache: 'no-store', ...init });
  } catch {
    throw new ApiError(0, ['The box is not reachable: check the Wi-Fi or the network cable.']);
  }
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, describeError(response.status, body as ErrorBody | null));
  return body as T;
}

export function getJson<T>(path: string): Promise<T> {
  return send<T>(path);
}

/** `POST /api/control/<intent>` with the PIN as bearer token and the operator's name as `by`. */
export function postIntent(intent: IntentName, args: Record<string, unknown>, operator: Operator): Promise<IntentResult> {
  const body = { ...args, ...(operator.name.trim() ? { by: operator.name.trim() } : {}) };
  return send<IntentResult>(`/api/control/${intent}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${operator.pin}` },
    body: JSON.stringify(body),
  });
}

/** `GET /api/control` with the PIN: the box checks it under its wrong-PIN limits, so a typo shows at once, not at the first race. */
export async function checkPin(pin: string): Promise<void> {
  await send<{ ok: true }>('/api/control', { headers: { authorization: `Bearer ${pin}` } });
}
