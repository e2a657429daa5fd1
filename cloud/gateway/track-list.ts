/** @module The tracks the cloud has results for, newest activity first, read from the projection's `tracks.<track>` read models: the cloud's index links each to its scoreboard. */
import type { NatsConnection } from '@nats-io/transport-node';
import { openProvisionedBucket, reopening } from '../ingest/open-bucket.ts';
import { TRACK_SUMMARIES } from '../projection/keys.ts';
import type { TrackSummary } from '../projection/models.ts';

/** More than a page of links is useful for; the portal will search the rest. */
export const TRACKS_LISTED = 200;
/** Summaries read to pick the newest: every track a club-scale cloud holds, bounded so a runaway bucket cannot stall a request. */
export const TRACKS_SCANNED = 5_000;
/** Reads of the bucket in flight at once while scanning. */
const READS_AT_ONCE = 50;
/** A scan is shared by every request within this long: the index and the portal's Live page poll it. */
const FRESH_MS = 2_000;

/** A track of the list; `private` ones need a viewer token to watch (gateway.private_tracks). */
export type ListedTrack = TrackSummary & { private: boolean };

export type TrackLister = () => Promise<ListedTrack[]>;

const newestFirst = (a: TrackSummary, b: TrackSummary) => b.last_activity_us - a.last_activity_us;

export function trackLister(nc: NatsConnection, privateTracks: readonly string[], now: () => number = Date.now): TrackLister {
  const hidden = new Set(privateTracks);
  const bucket = reopening(() => openProvisionedBucket(nc, 'readModels'));
  let last: { at: number; list: Promise<ListedTrack[]> } | undefined;

  const scan = async (): Promise<ListedTrack[]> => {
    const kv = await bucket();
    const keys: string[] = [];
    for await (const key of await kv.keys(TRACK_SUMMARIES)) {
      keys.push(key);
      if (keys.length >= TRACKS_SCANNED) break;
    }
    // The keys come in name order, not activity order: the newest can only be found by reading them all.
    const summaries: TrackSummary[] = [];
    for (let i = 0; i < keys.length; i += READS_AT_ONCE) {
      const read = await Promise.all(keys.slice(i, i + READS_AT_ONCE).map(async (key) => (await kv.get(key))?.json<TrackSummary>()));
      for (const s of read) if (s !== undefined && typeof s.track_id === 'string') summaries.push(s);
    }
    return summaries
      .sort(newestFirst)
      .slice(0, TRACKS_LISTED)
      .map((s) => ({ ...s, private: hidden.has(s.track_id) }));
  };

  return () => {
    const at = now();
    if (last && at - last.at < FRESH_MS) return last.list;
    const list = scan();
    last = { at, list };
    // A failed scan is not kept: the next request tries again.
    list.catch(() => {
      if (last?.list === list) last = undefined;
    });
    return list;
  };
}
