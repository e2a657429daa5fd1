/** @module A real loopback HTTP server standing in for LiveRC: logical hosts as path prefixes or as real host names (`{slug}.liverc.test`, routed by Host header), registered pages, faults, a request log. */
import { lookup as systemLookup } from 'node:dns';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { answer, type PageSource, type Route, type RouteOptions } from './routes.ts';

/**
 * One request as the fake saw it arrive. `host` is the logical LiveRC host: `live` for the
 * catalogue, a track slug, or '' for a path outside any host.
 */
export interface LoggedRequest {
  /** Arrival time, ms since the epoch with sub-ms precision (performance clock). */
  at_ms: number;
  method: string;
  host: string;
  /** Path and query below the host, e.g. `/results/?p=view_event&id=486677`. */
  path: string;
  user_agent: string | undefined;
  if_none_match: string | undefined;
  if_modified_since: string | undefined;
  headers: IncomingHttpHeaders;
  /** What was answered; null while pending, when left hanging, or when the connection was dropped. */
  status: number | null;
  /** When the answer was fully sent or the connection dropped (same clock as `at_ms`); null while open. */
  done_at_ms: number | null;
}

export interface FakeLiveRc {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** Connector `hosts` aimed at this server: the catalogue under `/live`, each track under `/{slug}`. */
  readonly hosts: { catalogue: string; track: string };
  /**
   * The same logical hosts as LiveRC names them, each its own host under `liverc.test`
   * (`http://live.liverc.test:PORT`, `http://{slug}.liverc.test:PORT`), routed by Host header.
   * Those names resolve only through `lookup`.
   */
  readonly namedHosts: { catalogue: string; track: string };
  /** Resolves `liverc.test` and every name under it to 127.0.0.1; anything else as the system does. */
  readonly lookup: LookupFunction;
  /** Serves `source` at `path` (with its query, exactly) of logical host `host`; replaces an earlier route there. */
  page(host: string, path: string, source: PageSource, options?: RouteOptions): void;
  /** That host's robots.txt: its text, or a bare status. Unset, robots.txt is a 404 like any unknown path. */
  robots(host: string, answer: string | { status: number }, options?: RouteOptions): void;
  /** Every request so far, in arrival order. */
  readonly requests: readonly LoggedRequest[];
  /** The requests to one host, optionally to one path of it. */
  requestsTo(host: string, path?: string): LoggedRequest[];
  stop(): Promise<void>;
}

export const CATALOGUE_HOST = 'live';

/** The base domain of `namedHosts`; `.test` is reserved (RFC 2606), so it can never reach a real site. */
export const FAKE_BASE_DOMAIN = 'liverc.test';

/** `trc.liverc.test:PORT` → `trc`; null for a Host header outside the fake's base domain. */
function namedHost(header: string | undefined): string | null {
  const name = (header ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!name.endsWith(`.${FAKE_BASE_DOMAIN}`)) return null;
  return name.slice(0, -FAKE_BASE_DOMAIN.length - 1);
}

const fakeLookup: LookupFunction = (hostname, options, callback) => {
  const name = hostname.toLowerCase();
  if (name !== FAKE_BASE_DOMAIN && !name.endsWith(`.${FAKE_BASE_DOMAIN}`)) return systemLookup(hostname, options, callback);
  if (options.all) return callback(null, [{ address: '127.0.0.1', family: 4 }] as never, undefined as never);
  return callback(null, '127.0.0.1', 4);
};

/** `/live/` → (`live`, `/`); `/trc/results/?p=…` → (`trc`, `/results/?p=…`); `/robots.txt` → ('', `/robots.txt`). */
export function splitHost(url: string): { host: string; path: string } {
  const match = /^\/([a-z0-9-]+)(\/.*)$/.exec(url);
  return match ? { host: match[1]!, path: match[2]! } : { host: '', path: url };
}

/** Starts on 127.0.0.1, on `port` or one the system picks. */
export async function startFakeLiveRc(options: { port?: number } = {}): Promise<FakeLiveRc> {
  const routes = new Map<string, Route>();
  const requests: LoggedRequest[] = [];

  const server = createServer((req, res) => {
    const named = namedHost(req.headers.host);
    const { host, path } = named === null ? splitHost(req.url ?? '/') : { host: named, path: req.url ?? '/' };
    const entry: LoggedRequest = {
      at_ms: performance.timeOrigin + performance.now(),
      method: req.method ?? 'GET',
      host,
      path,
      user_agent: req.headers['user-agent'],
      if_none_match: req.headers['if-none-match'],
      if_modified_since: req.headers['if-modified-since'],
      headers: req.headers,
      status: null,
      done_at_ms: null,
    };
    requests.push(entry);
    res.once('close', () => {
      entry.done_at_ms = performance.timeOrigin + performance.now();
    });
    const route = req.method === 'GET' ? routes.get(`${host}${path}`) : undefined;
    if (!route) {
      entry.status = req.method === 'GET' ? 404 : 405;
      res.writeHead(entry.status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<html><body>${entry.status}</body></html>`);
      return;
    }
    answer(route, req, res).then(
      (status) => {
        entry.status = status;
      },
      () => res.destroy(),
    );
  });
  // Faults may hang forever; stop() must still return.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    hosts: { catalogue: `${origin}/${CATALOGUE_HOST}`, track: `${origin}/{slug}` },
    namedHosts: { catalogue: `http://${CATALOGUE_HOST}.${FAKE_BASE_DOMAIN}:${port}`, track: `http://{slug}.${FAKE_BASE_DOMAIN}:${port}` },
    lookup: fakeLookup,
    page(host, path, source, routeOptions = {}) {
      routes.set(`${host}${path}`, { source, options: routeOptions, served: 0 });
    },
    robots(host, robotsAnswer, routeOptions = {}) {
      const options: RouteOptions =
        typeof robotsAnswer === 'string'
          ? { content_type: 'text/plain; charset=utf-8', ...routeOptions }
          : { ...routeOptions, otherwise: { status: robotsAnswer.status } };
      routes.set(`${host}/robots.txt`, { source: typeof robotsAnswer === 'string' ? robotsAnswer : '', options, served: 0 });
    },
    requests,
    requestsTo: (host, path) => requests.filter((r) => r.host === host && (path === undefined || r.path === path)),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
