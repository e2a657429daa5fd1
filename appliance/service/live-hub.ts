/**
 * @module The box's live hub: the shared hub (shared/live) serving this box's one track, logging as
 * `appliance:live`, and telling a client that names another track which one this box times.
 */
import { LiveHub, type LiveHubOptions, type LiveTrack, type SnapshotBuilder } from '../../shared/live/index.ts';
import { createLogger } from '../../shared/log/index.ts';

export type BoxLiveOptions = Omit<LiveHubOptions, 'log' | 'maxTracks' | 'unknownTrack'> & {
  trackId: string;
  snapshot: SnapshotBuilder;
};

export function openBoxLiveHub(options: BoxLiveOptions): { hub: LiveHub; track: LiveTrack } {
  const { trackId, snapshot, ...tuning } = options;
  const hub = new LiveHub({
    ...tuning,
    maxTracks: 1,
    log: createLogger('appliance:live'),
    unknownTrack: (asked) => `track_id ${JSON.stringify(asked)} is not this box's track ${JSON.stringify(trackId)}`,
  });
  return { hub, track: hub.serve(trackId, { snapshot, supersedeWithinTurn: true }) };
}
