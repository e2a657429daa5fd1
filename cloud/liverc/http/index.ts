/** @module The polite LiveRC HTTP client and the parts a caller may plug or inspect: page cache, robots rules, retry timing. */
export { createLiveRcHttpClient, userAgent, USER_AGENT_TOKEN, type HttpPage, type LiveRcHttpClient, type LiveRcHttpClientOptions } from './client.ts';
export { MemoryPageCache, type CachedPage, type PageCache } from './page-cache.ts';
export { isAllowed, parseRobots, type RobotsPolicy } from './robots.ts';
export { ROBOTS_TTL_MS, ROBOTS_UNREACHABLE_TTL_MS } from './robots-cache.ts';
export { backoffMs, parseRetryAfter } from './retry.ts';
