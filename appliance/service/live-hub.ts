/**
 * @module The box's live hub: the shared hub (shared/live) serving this box's one track, logging as
 * `appliance:live`, and telling a client that names another track which one this box times.
 */
import { LiveHub, type LiveHubOptions, type LiveTrack, type SnapshotBuilder } from '../../shared/live/index.ts';
import { createLogger } from '../../shared/log/index.ts';

/** Well under what a spectator notices, and above the few milliseconds between a burst's commits. */
const FANOUT_GAP_MS = 20;

export type BoxLiveOptions = Omit<LiveHubOptions, 'log' | 'maxTracks' | 'unknownTrack'> & {
  trackId: string;
  snapshot: SnapshotBuilder;
  /** Default FANOUT_GAP_MS. */
  fanoutGapMs?: number;
};

export function openBoxLiveHub(options: BoxLiveOptions): { hub: LiveHub; track: LiveTrack } {
  const { trackId, snapshot, fanoutGapMs = FANOUT_GAP_MS, ...tuning } = options;
  const hub = new LiveHub({
    ...tuning,
    maxTracks: 1,
    log: createLogger('appliance:live'),
    unknownTrack: (asked) => `track_id ${JSON.stringify(asked)} is not this box's track ${JSON.stringify(trackId)}`,
  });
  return { hub, track: hub.serve(trackId, { snapshot, supersedeWithinTurn: true, fanoutGapMs }) };
}
