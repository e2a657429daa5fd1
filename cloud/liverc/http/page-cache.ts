/** @module Response cache for conditional GETs: the `PageCache` seam and a bounded in-memory implementation. */

/** A 200 response kept for revalidation; only responses with a validator are worth keeping. */
export interface CachedPage {
  url: string;
  body: string;
  etag: string | null;
  last_modified: string | null;
  stored_at_ms: number;
}

/**
 * Where validated pages live. In memory by default; a persistent store (a KV bucket, files) can
 * stand in, so a restarted cloud still revalidates instead of downloading finished races again.
 */
export interface PageCache {
  get(url: string): Promise<CachedPage | undefined>;
  set(page: CachedPage): Promise<void>;
}

/** Least recently used first out: race pages are ~100 KB, so a cap keeps memory bounded. */
export class MemoryPageCache implements PageCache {
  readonly #pages = new Map<string, CachedPage>();

  constructor(private readonly maxPages = 500) {}

  async get(url: string): Promise<CachedPage | undefined> {
    const page = this.#pages.get(url);
    if (page) {
      this.#pages.delete(url);
      this.#pages.set(url, page);
    }
    return page;
  }

  async set(page: CachedPage): Promise<void> {
    this.#pages.delete(page.url);
    this.#pages.set(page.url, page);
    while (this.#pages.size > this.maxPages) {
      const oldest = this.#pages.keys().next();
      if (oldest.done) break;
      this.#pages.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#pages.size;
  }
}

/** Request headers that let the host answer 304 instead of the page. */
export function conditionalHeaders(page: CachedPage | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (page?.etag) headers['if-none-match'] = page.etag;
  if (page?.last_modified) headers['if-modified-since'] = page.last_modified;
  return headers;
}
