/** @module The polite LiveRC HTTP client: kill switch, robots.txt, per-host spacing, conditional GETs, retries, request records. */
import { createLogger } from '../../../shared/log/index.ts';
import type { LiveRcConfig } from '../config.ts';
import { LiveRcError, type PageKind, type RequestRecord } from '../types.ts';
import { liveRcUrls } from '../urls.ts';
import { HostQueues } from './host-queue.ts';
import { conditionalHeaders, MemoryPageCache, type CachedPage, type PageCache } from './page-cache.ts';
import { backoffMs, honoursRetryAfter, isRetryableStatus, parseRetryAfter } from './retry.ts';
import { isAllowed } from './robots.ts';
import { policyFromAnswer, RobotsCache, type RobotsAnswer } from './robots-cache.ts';
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
}

export interface LiveRcHttpClient {
  /** GETs `url` politely; a page other than 2xx (or a 304 served from cache) is a `LiveRcError`. */
  get(url: string, kind: PageKind): Promise<HttpPage>;
  onRequest(listener: (record: RequestRecord) => void): () => void;
  close(): Promise<void>;
}

type Attempt = { done: TransportResponse & { cached?: CachedPage } } | { retry: true } | { fail: LiveRcError };

export function createLiveRcHttpClient(config: LiveRcConfig, options: LiveRcHttpClientOptions = {}): LiveRcHttpClient {
  const urls = liveRcUrls(config.hosts);
  const cache = options.cache ?? new MemoryPageCache();
  const transport = createTransport({ userAgent: userAgent(config.contact), connectTimeoutMs: config.timeout_ms.connect, totalTimeoutMs: config.timeout_ms.total });
  const queues = new HostQueues(config.min_interval_ms);
  const listeners = new Set<(record: RequestRecord) => void>();
  const failing = new Set<string>();
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

  /** One try, inside the host's slot, so its wait (backoff, Retry-After) is set before anyone else may start. */
  async function attempt(url: string, kind: PageKind | 'robots', tries: number, waited: number): Promise<Attempt> {
    const origin = new URL(url).origin;
    stopIfOff(url);
    const cached = kind === 'robots' ? undefined : await cache.get(url);
    let response: TransportResponse;
    try {
      response = await transport.get(url, conditionalHeaders(cached));
    } catch (error) {
      const problem = error instanceof TransportError ? error.message : String(error);
      report({ url, kind, status: null, attempt: tries, from_cache: false, waited_ms: Math.round(waited), error: problem });
      if (closed) return { fail: closed };
      health(origin, problem);
      queues.hold(origin, backoffMs(tries, config.backoff_ms));
      if (tries < config.max_tries) return { retry: true };
      return { fail: new LiveRcError('network', `GET ${url} failed after ${tries} tries: ${problem}`, { url, kind: kind === 'robots' ? undefined : kind }) };
    }
    const { status } = response;
    const fromCache = status === 304 && cached !== undefined;
    const ok = (status >= 200 && status <= 299) || fromCache || (status >= 300 && status <= 399 && status !== 304);
    report({ url, kind, status, attempt: tries, from_cache: fromCache, waited_ms: Math.round(waited), error: ok ? null : `answered ${status}` });
    health(origin, status >= 500 ? `answered ${status}` : null);
    if (ok) return { done: fromCache ? { ...response, cached } : response };
    const details = { url, status, kind: kind === 'robots' ? undefined : kind };
    if (!isRetryableStatus(status)) return { fail: new LiveRcError('http', `GET ${url} answered ${status}`, details) };
    const asked = honoursRetryAfter(status) ? parseRetryAfter(response.headers['retry-after']) : null;
    if (asked === null) {
      queues.hold(origin, backoffMs(tries, config.backoff_ms));
    } else {
      queues.hold(origin, Math.min(asked, config.max_retry_after_ms));
      if (asked > config.max_retry_after_ms || tries >= config.max_tries) {
        const why = asked > config.max_retry_after_ms ? `asks to wait ${asked} ms, more than max_retry_after_ms` : `after ${tries} tries`;
        return { fail: new LiveRcError('http', `GET ${url} answered ${status}, ${why}`, { ...details, retry_after_ms: asked }) };
      }
    }
    if (tries < config.max_tries) return { retry: true };
    return { fail: new LiveRcError('http', `GET ${url} answered ${status} after ${tries} tries`, details) };
  }

  /** Tries until done, through the host queue; retries go to the front so a caller keeps its place. */
  async function exchange(url: string, kind: PageKind | 'robots'): Promise<{ response: TransportResponse; cached?: CachedPage }> {
    const origin = new URL(url).origin;
    for (let tries = 1; ; tries++) {
      const outcome = await queues.run(origin, (waited) => attempt(url, kind, tries, waited), { front: tries > 1 });
      if ('fail' in outcome) throw outcome.fail;
      if ('done' in outcome) return { response: outcome.done, cached: outcome.done.cached };
    }
  }

  const robots = new RobotsCache(async (robotsUrl) => {
    let answer: RobotsAnswer;
    try {
      const { response } = await exchange(robotsUrl, 'robots');
      answer = { status: response.status, body: response.body };
    } catch (error) {
      if (!(error instanceof LiveRcError) || (error.code !== 'http' && error.code !== 'network')) throw error;
      answer = error.details.status === undefined ? { status: null, error: error.message } : { status: error.details.status, body: '' };
    }
    const loaded = policyFromAnswer(answer, robotsUrl, USER_AGENT_TOKEN);
    if (answer.status === null || answer.status >= 500) log.debug('robots.txt unreachable: host treated as disallowed for now', { robots: robotsUrl });
    return loaded;
  });

  /** Refuses `url` unless its host's robots.txt allows it; Crawl-delay widens that host's spacing. */
  async function checkRobots(url: string, kind: PageKind): Promise<void> {
    const policy = await robots.policy(urls.robots(url));
    if (policy.crawlDelayMs !== null) queues.raiseSpacing(new URL(url).origin, policy.crawlDelayMs);
    if (!isAllowed(policy, urls.sitePath(url))) {
      throw new LiveRcError('robots', `${url} is disallowed by ${policy.source}`, { url, kind });
    }
  }

  return {
    async get(requested, kind) {
      let url = requested;
      for (let hops = 0; ; hops++) {
        stopIfOff(url);
        await checkRobots(url, kind);
        const { response, cached } = await exchange(url, kind);
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
