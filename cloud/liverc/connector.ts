/** @module The LiveRC connector: builds each page's URL, fetches it through the polite client, parses it, hands back a `FetchedPage`. */
import type { LookupFunction } from 'node:net';
import { parseLiveRcConfig, type LiveRcConfig, type LiveRcConfigInput } from './config.ts';
import { createLiveRcHttpClient, type LiveRcHttpClient } from './http/client.ts';
import type { PageCache } from './http/page-cache.ts';
import { parsePage } from './parsers/index.ts';
import { LiveRcError, type FetchedPage, type FetchOptions, type LiveRcConnector, type PageByKind, type PageKind } from './types.ts';
import { liveRcUrls } from './urls.ts';

export interface LiveRcConnectorOptions {
  /** Keeps validated pages for conditional GETs; in memory unless a persistent one is given. */
  cache?: PageCache;
  /** Where LiveRC host names resolve; the system resolver unless given. */
  lookup?: LookupFunction;
}

function parsed<K extends PageKind>(kind: K, html: string, url: string): PageByKind[K] {
  try {
    return parsePage(kind, html, { url });
  } catch (error) {
    if (error instanceof LiveRcError) throw error;
    // A parser crash on an odd page is still "not the page we expected", never a process fault.
    const problem = error instanceof Error ? error.message : String(error);
    throw new LiveRcError('page_format', `${kind} page could not be read: ${problem.slice(0, 200)}`, { url, kind });
  }
}

/**
 * Accepts raw or parsed config; bad config throws `LiveRcConfigError` here, before any request.
 * Slugs and ids are checked before anything is fetched (`LiveRcUrlError`).
 */
export function createLiveRcConnector(config: LiveRcConfigInput | LiveRcConfig, options: LiveRcConnectorOptions = {}): LiveRcConnector {
  const settings = parseLiveRcConfig(config);
  const urls = liveRcUrls(settings.hosts);
  const client: LiveRcHttpClient = createLiveRcHttpClient(settings, { cache: options.cache, lookup: options.lookup });

  async function fetchPage<K extends PageKind>(kind: K, url: string, fetchOptions: FetchOptions = {}): Promise<FetchedPage<K>> {
    const response = await client.get(url, kind, fetchOptions);
    return {
      kind,
      url: response.url,
      fetched_at_ms: response.fetched_at_ms,
      from_cache: response.from_cache,
      html: response.body,
      page: parsed(kind, response.body, response.url),
    };
  }

  return {
    trackList: async (o) => fetchPage('track-list', urls.trackList(), o),
    dashboard: async (slug, o) => fetchPage('dashboard', urls.dashboard(slug), o),
    eventList: async (slug, o) => fetchPage('event-list', urls.eventList(slug), o),
    event: async (slug, eventId, o) => fetchPage('event', urls.event(slug, eventId), o),
    entryList: async (slug, eventId, o) => fetchPage('entry-list', urls.entryList(slug, eventId), o),
    raceResult: async (slug, raceId, o) => fetchPage('race-result', urls.raceResult(slug, raceId), o),
    onRequest: (listener) => client.onRequest(listener),
    close: () => client.close(),
  };
}
