/**
 * @module The tracks this gateway process feeds: one TrackFeed (one consumer) per track while that
 * track has a client or a client on its way in, shared by all of them; closed when the last one leaves.
 * Each client holds the feed from its request until its socket closes.
 */
import { TrackFeed, type TrackFeedDeps } from './track-feed.ts';

/** The process feeds its maximum of tracks: a refusal the route answers with 503. */
export class TooManyTracks extends Error {
  constructor(readonly max: number) {
    super(`this gateway feeds its maximum of ${max} tracks (gateway.max_tracks); try again later or another gateway`);
    this.name = 'TooManyTracks';
  }
}

interface Entry {
  trackId: string;
  opening: Promise<TrackFeed>;
  holds: number;
  closing: Promise<void> | null;
}

/** A client's claim on its track's feed; `release` is safe to call more than once. */
export interface FeedHold {
  feed: TrackFeed;
  release(): void;
}

export class TrackFeeds {
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(
    private readonly deps: Omit<TrackFeedDeps, 'onEnd'>,
    private readonly maxTracks: number,
  ) {}

  /** Tracks fed now (opening ones included). */
  get size(): number {
    return this.#entries.size;
  }

  has(trackId: string): boolean {
    return this.#entries.has(trackId);
  }

  /** The track's feed, opened (snapshots read, consumer caught up) if it was not fed yet. */
  async acquire(trackId: string): Promise<FeedHold> {
    for (;;) {
      if (this.#closed) throw new Error('the live gateway is shutting down');
      const entry = this.#entries.get(trackId) ?? this.#open(trackId);
      if (entry.closing) {
        // The last client just left; the next feed starts once this one has let go of its consumer.
        await entry.closing;
        continue;
      }
      entry.holds++;
      let feed: TrackFeed;
      try {
        feed = await entry.opening;
      } catch (error) {
        entry.holds--;
        throw error;
      }
      let held = true;
      return {
        feed,
        release: () => {
          if (!held) return;
          held = false;
          entry.holds--;
          this.#closeIfUnused(entry, feed);
        },
      };
    }
  }

  /** Closes every feed (the hub tells their clients). */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.values()];
    await Promise.all(entries.map(async (entry) => (await entry.opening.catch(() => null))?.close()));
    this.#entries.clear();
  }

  #open(trackId: string): Entry {
    if (this.#entries.size >= this.maxTracks) throw new TooManyTracks(this.maxTracks);
    const opening = TrackFeed.open(trackId, { ...this.deps, onEnd: () => this.#forget(entry) });
    const entry: Entry = { trackId, opening, holds: 0, closing: null };
    // A feed that could not start is forgotten at once: the next client tries afresh.
    entry.opening.catch(() => this.#forget(entry));
    this.#entries.set(trackId, entry);
    return entry;
  }

  #closeIfUnused(entry: Entry, feed: TrackFeed): void {
    if (entry.holds > 0 || entry.closing || this.#entries.get(entry.trackId) !== entry) return;
    entry.closing = feed.close().finally(() => this.#forget(entry));
    this.deps.log.debug('live track feed closed, its last client left', { track_id: entry.trackId });
  }

  #forget(entry: Entry): void {
    if (this.#entries.get(entry.trackId) === entry) this.#entries.delete(entry.trackId);
  }
}
