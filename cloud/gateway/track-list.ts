/** @module The tracks the cloud has results for, newest activity first, read from the projection's `tracks.<track>` read models: the cloud's index links each to its scoreboard. */
import type { NatsConnection } from '@nats-io/transport-node';
import { openProvisionedBucket, reopening } from '../ingest/open-bucket.ts';
import { TRACK_SUMMARIES } from '../projection/keys.ts';
import type { TrackSummary } from '../projection/models.ts';

/** More than a page of links is useful for; the portal will search the rest. */
export const TRACKS_LISTED = 200;

/** A track of the list; `private` ones need a viewer token to watch (gateway.private_tracks). */
export type ListedTrack = TrackSummary & { private: boolean };

export type TrackLister = () => Promise<ListedTrack[]>;

export function trackLister(nc: NatsConnection, privateTracks: readonly string[]): TrackLister {
  const hidden = new Set(privateTracks);
  const bucket = reopening(() => openProvisionedBucket(nc, 'readModels'));
  return async () => {
    const kv = await bucket();
    const keys: string[] = [];
    for await (const key of await kv.keys(TRACK_SUMMARIES)) {
      keys.push(key);
      if (keys.length >= TRACKS_LISTED) break;
    }
    const summaries = await Promise.all(keys.map(async (key) => (await kv.get(key))?.json<TrackSummary>()));
    return summaries
      .filter((s): s is TrackSummary => s !== undefined && typeof s.track_id === 'string')
      .map((s) => ({ ...s, private: hidden.has(s.track_id) }))
      .sort((a, b) => b.last_activity_us - a.last_activity_us);
  };
}
