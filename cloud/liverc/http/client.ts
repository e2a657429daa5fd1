/** @module The polite LiveRC HTTP client: kill switch, robots.txt, one spaced queue for every LiveRC host, identical GETs merged, callers that go away dropped, conditional GETs, retries, request records. */
import type { LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../../shared/log/index.ts';
import type { LiveRcConfig } from '../config.ts';
import { LiveRcError, type PageKind, type RequestRecord } from '../types.ts';
import { liveRcUrls } from '../urls.ts';
import { HostQueues } from './host-queue.ts';
import { conditionalHeaders, MemoryPageCache, type CachedPage, type PageCache } from './page-cache.ts';
import { backoffMs, honoursRetryAfter, isRetryableStatus, parseRetryAfter } from './retry.ts';
import { isAllowed } from './robots.ts';
import { policyFromAnswer, RobotsCache } from './robots-cache.ts';
import { SharedFlights } from './shared-flights.ts';
import { createTransport, TransportError, type TransportResponse } from './transport.ts';

const log = createLogger('cloud:liverc');

/** The product token robots.txt groups are matched against. */
export const USER_AGENT_TOKEN = 'MRE-Trackside-LiveRC';
export const userAgent = (contact: string): string => `${USER_AGENT_TOKEN}/0.1 (+${contact})`;

/** RFC 9110 §15.4 lets clients stop after a handful of hops; LiveRC pages need none. */
const MAX_REDIRECTS = 5;

export interface HttpPage {
  /** Where the page was finally served from, after same-host redirects. */
  url: string;
  status: number;
  body: string;
  from_cache: boolean;
  fetched_at_ms: number;
}

export interface LiveRcHttpClientOptions {
  /** Where validated pages are kept between requests; in memory by default. */
  cache?: PageCache;
  /** Where LiveRC host names resolve; the system resolver unless given (tests aim `*.liverc.test` at a loopback fake). */
  lookup?: LookupFunction;
}

export interface GetOptions {
  /** The caller's: when it aborts, the call fails with code `cancelled` and, if nobody else waits for the page, it is not requested (or its request is abandoned). */
  signal?: AbortSignal;
}

export interface LiveRcHttpClient {
  /**
   * GETs `url` politely; a page other than 2xx (or a 304 served from cache) is a `LiveRcError`.
   * Callers asking for one URL at the same time share one request and its answer.
   */
  get(url: string, kind: PageKind, options?: GetOptions): Promise<HttpPage>;
  onRequest(listener: (record: RequestRecord) => void): () => void;
  close(): Promise<void>;
}

type Attempt = { done: TransportResponse & { cached?: CachedPage } } | { retry: true; pauseMs?: number } | { fail: LiveRcError };

const tries = (n: number) => (n === 1 ? '1 try' : `${n} tries`);
const pageKind = (kind: PageKind | 'robots') => (kind === 'robots' ? undefined : kind);

export function createLiveRcHttpClient(config: LiveRcConfig, options: LiveRcHttpClientOptions = {}): LiveRcHttpClient {
  const urls = liveRcUrls(config.hosts);
  const cache = options.cache ?? new MemoryPageCache();
  const transport = createTransport({ userAgent: userAgent(config.contact), connectTimeoutMs: config.timeout_ms.connect, totalTimeoutMs: config.timeout_ms.total, lookup: options.lookup });
  const queues = new HostQueues(config.min_interval_ms);
  const listeners = new Set<(record: RequestRecord) => void>();
  const failing = new Set<string>();
  const cancelled = (url: string, kind?: PageKind) => new LiveRcError('cancelled', `GET ${url} abandoned: nobody waits for it any more`, { url, kind });
  const pages = new SharedFlights<HttpPage>((key) => cancelled(key.slice(key.indexOf(' ') + 1)));
  let closed: LiveRcError | null = null;

  function stopIfOff(url: string): void {
    if (closed) throw closed;
    if (!config.enabled) throw new LiveRcError('disabled', `LiveRC connector is switched off (enabled: false); ${url} not requested`, { url });
  }

  function report(record: RequestRecord): void {
    for (const listener of listeners) {
      try {
        listener(record);
      } catch (error) {
        log.warn('request listener failed', { error: error as Error });
      }
    }
  }

  /** A host that stops answering is one warning, then quiet until it answers again. */
  function health(origin: string, problem: string | null): void {
    if (problem === null) {
      if (failing.delete(origin)) log.info('LiveRC host answering again', { host: origin });
    } else if (!failing.has(origin)) {
      failing.add(origin);
      log.warn('LiveRC host not answering', { host: origin, problem });
    } else {
      log.debug('LiveRC host still not answering', { host: origin, problem });
    }
  }

  /** No answer: a host name that does not resolve never reached LiveRC, so it holds nobody else and is not asked again. */
  function noAnswer(error: unknown, url: string, kind: PageKind | 'robots', attempt: number, waited: number, signal: AbortSignal | undefined): Attempt {
    const failure = error instanceof TransportError ? error.failure : 'broken';
    const problem = error instanceof TransportError ? error.message : String(error);
    report({ url, kind, status: null, attempt, from_cache: false, waited_ms: Math.round(waited), error: problem });
    if (closed) return { fail: closed };
    if (failure === 'cancelled' || signal?.aborted) return { fail: cancelled(url, pageKind(kind)) };
    const details = { url, kind: pageKind(kind), problem };
    health(new URL(url).origin, problem);
    if (failure === 'dns') return { fail: new LiveRcError('network', `GET ${url} failed: ${problem}`, details) };
    const pause = backoffMs(attempt, config.backoff_ms);
    if (failure !== 'dns_temporary') queues.hold(urls.queueKey(url), pause);
    if (attempt < config.max_tries) return failure === 'dns_temporary' ? { retry: true, pauseMs: pause } : { retry: true };
    return { fail: new LiveRcError('network', `GET ${url} failed after ${tries(attempt)}: ${problem}`, details) };
  }

  /** One try, inside the queue's slot, so its wait (backoff, Retry-After) is set before anyone else may start. */
  async function attempt(url: string, kind: PageKind | 'robots', tried: number, waited: number, signal: AbortSignal | undefined): Promise<Attempt> {
    const origin = new URL(url).origin;
    const queue = urls.queueKey(url);
    stopIfOff(url);
    const cached = kind === 'robots' ? undefined : await cache.get(url);
    let response: TransportResponse;
    try {
      response = await transport.get(url, conditionalHeaders(cached), signal);
    } catch (error) {
      return noAnswer(error, url, kind, tried, waited, signal);
    }
    const { status } = response;
    const fromCache = status === 304 && cached !== undefined;
    const ok = (status >= 200 && status <= 299) || fromCache || (status >= 300 && status <= 399 && status !== 304);
    report({ url, kind, status, attempt: tried, from_cache: fromCache, waited_ms: Math.round(waited), error: ok ? null : `answered ${status}` });
    health(origin, status >= 500 ? `answered ${status}` : null);
    if (ok) return { done: fromCache ? { ...response, cached } : response };
    const details = { url, status, kind: pageKind(kind) };
    if (!isRetryableStatus(status)) return { fail: new LiveRcError('http', `GET ${url} answered ${status}`, details) };
    const asked = honoursRetryAfter(status) ? parseRetryAfter(response.headers['retry-after']) : null;
    if (asked === null) {
      queues.hold(queue, backoffMs(tried, config.backoff_ms));
    } else {
      queues.hold(queue, Math.min(asked, config.max_retry_after_ms));
      if (asked > config.max_retry_after_ms || tried >= config.max_tries) {
        const why = asked > config.max_retry_after_ms ? `asks to wait ${asked} ms, more than max_retry_after_ms` : `after ${tries(tried)}`;
        return { fail: new LiveRcError('http', `GET ${url} answered ${status}, ${why}`, { ...details, retry_after_ms: asked }) };
      }
    }
    if (tried < config.max_tries) return { retry: true };
    return { fail: new LiveRcError('http', `GET ${url} answered ${status} after ${tries(tried)}`, details) };
  }

  /** Tries until done, through the shared queue; retries go to the front so a caller keeps its place. */
  async function exchange(url: string, kind: PageKind | 'robots', signal: AbortSignal | undefined): Promise<{ response: TransportResponse; cached?: CachedPage }> {
    const queue = urls.queueKey(url);
    for (let tried = 1; ; tried++) {
      const outcome = await queues.run(queue, (waited) => attempt(url, kind, tried, waited, signal), { front: tried > 1, signal });
      if ('fail' in outcome) throw outcome.fail;
      if ('done' in outcome) return { response: outcome.done, cached: outcome.done.cached };
      if (outcome.pauseMs) await sleep(outcome.pauseMs, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) throw cancelled(url, pageKind(kind));
    }
  }

  const robots = new RobotsCache(
    async (robotsUrl, signal) => {
      let status: number;
      let body = '';
      try {
        ({ status, body } = (await exchange(robotsUrl, 'robots', signal)).response);
      } catch (error) {
        // An HTTP answer is an answer (4xx allows, 5xx disallows for a while); no answer is the caller's error, never a policy.
        if (!(error instanceof LiveRcError) || error.code !== 'http' || error.details.status === undefined) throw error;
        status = error.details.status;
      }
      const loaded = policyFromAnswer({ status, body }, robotsUrl, USER_AGENT_TOKEN);
      if (status >= 500) log.debug('robots.txt answered 5xx: host treated as disallowed for now', { robots: robotsUrl, status });
      return loaded;
    },
    Date.now,
    (robotsUrl) => cancelled(robotsUrl),
  );

  /** Refuses `url` unless its host's robots.txt allows it; Crawl-delay widens the whole site's spacing. */
  async function checkRobots(url: string, kind: PageKind, signal: AbortSignal | undefined): Promise<void> {
    const robotsUrl = urls.robots(url);
    let policy;
    try {
      policy = await robots.policy(robotsUrl, signal);
    } catch (error) {
      if (!(error instanceof LiveRcError) || error.code !== 'network') throw error;
      const problem = error.details.problem ?? error.message;
      throw new LiveRcError('network', `${problem}: ${robotsUrl} could not be fetched, so ${url} was not requested`, { url, kind, problem });
    }
    if (policy.crawlDelayMs !== null) queues.raiseSpacing(urls.queueKey(url), policy.crawlDelayMs);
    if (!isAllowed(policy, urls.sitePath(url))) {
      throw new LiveRcError('robots', `${url} is disallowed by ${policy.source}`, { url, kind });
    }
  }

  async function fetchPage(requested: string, kind: PageKind, signal: AbortSignal): Promise<HttpPage> {
    let url = requested;
    for (let hops = 0; ; hops++) {
      stopIfOff(url);
      await checkRobots(url, kind, signal);
      const { response, cached } = await exchange(url, kind, signal);
      const fetchedAt = Date.now();
      if (cached) return { url, status: 304, body: cached.body, from_cache: true, fetched_at_ms: fetchedAt };
      if (response.status >= 300) {
        const location = response.headers.location;
        const next = typeof location === 'string' ? new URL(location, url) : null;
        if (!next || next.origin !== new URL(url).origin || hops >= MAX_REDIRECTS) {
          const why = !next ? 'without a Location' : hops >= MAX_REDIRECTS ? `more than ${MAX_REDIRECTS} times` : `to another host (${next.origin})`;
          throw new LiveRcError('http', `GET ${url} redirected ${why}`, { url, status: response.status, kind });
        }
        url = next.href;
        continue;
      }
      const etag = typeof response.headers.etag === 'string' ? response.headers.etag : null;
      const lastModified = typeof response.headers['last-modified'] === 'string' ? response.headers['last-modified'] : null;
      if (etag || lastModified) await cache.set({ url, body: response.body, etag, last_modified: lastModified, stored_at_ms: fetchedAt });
      return { url, status: response.status, body: response.body, from_cache: false, fetched_at_ms: fetchedAt };
    }
  }

  return {
    async get(url, kind, getOptions = {}) {
      stopIfOff(url);
      return pages.run(`${kind} ${url}`, (shared) => fetchPage(url, kind, shared), getOptions.signal);
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = new LiveRcError('disabled', 'LiveRC connector is closed');
      queues.close(closed);
      await transport.close();
    },
  };
}
