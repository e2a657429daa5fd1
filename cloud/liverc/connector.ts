/** @module The LiveRC connector: builds each page's URL, fetches it through the polite client, parses it, hands back a `FetchedPage`. */
import { parseLiveRcConfig, type LiveRcConfig, type LiveRcConfigInput } from './config.ts';
import { createLiveRcHttpClient, type LiveRcHttpClient } from './http/client.ts';
import type { PageCache } from './http/page-cache.ts';
import { parsePage } from './parsers/index.ts';
import { LiveRcError, type FetchedPage, type LiveRcConnector, type PageByKind, type PageKind } from './types.ts';
import { liveRcUrls } from './urls.ts';

export interface LiveRcConnectorOptions {
  /** Keeps validated pages for conditional GETs; in memory unless a persistent one is given. */
  cache?: PageCache;
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
  const client: LiveRcHttpClient = createLiveRcHttpClient(settings, options.cache ? { cache: options.cache } : {});

  async function fetchPage<K extends PageKind>(kind: K, url: string): Promise<FetchedPage<K>> {
    const response = await client.get(url, kind);
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
    trackList: async () => fetchPage('track-list', urls.trackList()),
    dashboard: async (slug) => fetchPage('dashboard', urls.dashboard(slug)),
    eventList: async (slug) => fetchPage('event-list', urls.eventList(slug)),
    event: async (slug, eventId) => fetchPage('event', urls.event(slug, eventId)),
    entryList: async (slug, eventId) => fetchPage('entry-list', urls.entryList(slug, eventId)),
    raceResult: async (slug, raceId) => fetchPage('race-result', urls.raceResult(slug, raceId)),
    onRequest: (listener) => client.onRequest(listener),
    close: () => client.close(),
  };
}
