/** @module The accounts suites' tools: requests over real HTTP with a chosen client address (the cloud trusts X-Forwarded-For here), their JSON answers and cookies. */
import { LIVERC_API_PREFIX } from '../../../cloud/liverc/api/index.ts';

export type Json = Record<string, any>;

export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
  text: string;
}

let nextAddress = 1;
/** A client address nobody else in the suite uses, so one test's failed logins never block another's. */
export const freshAddress = () => `192.0.2.${nextAddress++}`;

export async function send(url: string, method: string, path: string, options: { headers?: Record<string, string>; body?: unknown; address?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'X-Forwarded-For': options.address ?? '198.51.100.1', ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: Json = {};
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    // Not JSON (an SSE stream): the text says what it is.
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

export const login = (url: string, name: string, password: string, address?: string, headers?: Record<string, string>) =>
  send(url, 'POST', '/api/auth/login', { body: { name, password }, ...(address ? { address } : {}), ...(headers ? { headers } : {}) });

/** The Set-Cookie line for `name`, split into its value and lowercased attributes. */
export function cookieOf(headers: Headers, name: string): { value: string; attributes: string[] } | undefined {
  const line = headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((p) => p.trim());
  return { value: pair!.slice(name.length + 1), attributes: attributes.map((a) => a.toLowerCase()) };
}

/** Every route of the LiveRC API, each with an id and a slug the catalogue has. */
export const LIVERC_ROUTES: [string, string][] = [
  ['GET', '/tracks?q=canb'],
  ['POST', '/tracks/sync'],
  ['GET', '/tracks/testtrack/events?from=2025-01-01&to=2025-12-31'],
  ['POST', '/tracks/testtrack/refresh'],
  ['GET', '/events/610001'],
  ['POST', '/events/610001/import'],
  ['GET', '/races/1/laps'],
  ['GET', '/jobs/liverc-610001-1'],
  ['GET', '/jobs/liverc-610001-1/stream'],
].map(([m, p]) => [m!, `${LIVERC_API_PREFIX}${p}`]);
