/** @module What the fake LiveRC serves at a route and how it misbehaves: page sources, faults, validators, and answering one request. */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** Page text, or a saved page on disk (read once, served byte for byte). */
export type PageSource = string | { file: string };

/** One way of answering a request instead of (or on the way to) the page. */
export type Fault =
  /** This status instead of the page, e.g. 500, or 429 with `headers: { 'retry-after': '1' }`; `body` stands in for a challenge page. */
  | { status: number; headers?: Record<string, string>; body?: string }
  /** The page, after this long. */
  | { delay_ms: number }
  /** Headers never come: the client's timeout has to end it. */
  | { hang: true }
  /** The first `bytes` of the page as a complete, well-formed response: a page cut off at the source. */
  | { truncate_at: number }
  /** Content-Length of the whole page, `bytes` of it sent, then the connection dropped. */
  | { reset_after: number };

export interface RouteOptions {
  /** One per request, in order, for the first requests to this route; after them, `otherwise`. */
  faults?: Fault[];
  /** How every request is answered once `faults` are used up; the page when absent. */
  otherwise?: Fault;
  /** Sent as ETag; a request whose If-None-Match names it gets 304. */
  etag?: string;
  /** Sent as Last-Modified; a request with this exact If-Modified-Since gets 304. */
  last_modified?: string;
  /** Gzip the page when the request accepts it. */
  gzip?: boolean;
  headers?: Record<string, string>;
  content_type?: string;
}

export interface Route {
  source: PageSource;
  options: RouteOptions;
  /** Requests this route has answered so far, which picks the fault. */
  served: number;
}

const fileCache = new Map<string, Buffer>();

export function bodyOf(source: PageSource): Buffer {
  if (typeof source === 'string') return Buffer.from(source, 'utf8');
  let bytes = fileCache.get(source.file);
  if (!bytes) {
    bytes = readFileSync(source.file);
    fileCache.set(source.file, bytes);
  }
  return bytes;
}

function notModified(route: Route, req: IncomingMessage): boolean {
  const { etag, last_modified: lastModified } = route.options;
  const inm = req.headers['if-none-match'];
  if (etag && inm) return inm.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  return Boolean(lastModified && req.headers['if-modified-since'] === lastModified);
}

/**
 * Answers one request for `route`; resolves with the status sent (null when the request was
 * left hanging or the connection was dropped).
 */
export async function answer(route: Route, req: IncomingMessage, res: ServerResponse): Promise<number | null> {
  const index = route.served++;
  const fault = route.options.faults?.[index] ?? route.options.otherwise;
  if (fault && 'hang' in fault) return null;
  if (fault && 'delay_ms' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
  if (fault && 'status' in fault) {
    res.writeHead(fault.status, { 'content-type': 'text/html; charset=utf-8', ...fault.headers });
    res.end(fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`);
    return fault.status;
  }
  const validators: Record<string, string> = {};
  if (route.options.etag) validators.etag = route.options.etag;
  if (route.options.last_modified) validators['last-modified'] = route.options.last_modified;
  if (notModified(route, req)) {
    res.writeHead(304, validators);
    res.end();
    return 304;
  }
  let body = bodyOf(route.source);
  if (fault && 'truncate_at' in fault) body = body.subarray(0, fault.truncate_at);
  const headers: Record<string, string | number> = {
    'content-type': route.options.content_type ?? 'text/html; charset=utf-8',
    ...validators,
    ...route.options.headers,
  };
  if (route.options.gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  if (fault && 'reset_after' in fault) {
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.write(body.subarray(0, fault.reset_after), () => res.socket?.destroy());
    return null;
  }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(body);
  return 200;
}

/** `count` copies of a fault, for `faults: [...times(2, { status: 500 })]`. */
export function times(count: number, fault: Fault): Fault[] {
  return Array.from({ length: count }, () => fault);
}
