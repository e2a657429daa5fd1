/** @module The live hub's public shapes (what a publisher hands in, a track's and the hub's options, the counters) and the options with their defaults checked. */
import type { LiveChannel } from '../contracts/live.ts';
import { createLogger, RateLimitedWarning, type Logger } from '../log/index.ts';

export type { LiveHubStats } from '../contracts/status.ts';

/** DESIGN "Live WebSocket contract" and docs/race-api.md "Live feed". */
export const LIVE_PATH = '/ws/v1/live';

export interface LiveItem {
  channel: LiveChannel;
  /** null: belongs to no event, goes to every client of the channel. */
  event_id: string | null;
  /**
   * The payload, or how to build it for a client's scope (its `event_id`, null when unscoped) when what
   * a client may see depends on it; built once per distinct scope, not per client.
   */
  payload: Record<string, unknown> | ((scopeEventId: string | null) => Record<string, unknown>);
  /** For a slow client an unsent item with the same key is replaced by the newer one (latest state wins). Items without a key are dropped for a slow client and counted. */
  coalesce_key?: string;
  /**
   * Never replaced within a turn (on a track with `supersedeWithinTurn`), though it has a key: clients
   * act on what it says happened (a race staged, its gate, its finish), not only on the state it carries.
   */
  keep?: boolean;
}

/** Builds the snapshot payload for a new client of a track, per requested channel. Called synchronously at connect, so snapshot + later publishes are consistent. */
export type SnapshotBuilder = (channel: LiveChannel, eventId: string | null) => Record<string, unknown>;

export interface LiveTrackOptions {
  snapshot: SnapshotBuilder;
  /**
   * A keyed item published in the same event-loop turn as an earlier one of its key replaces it
   * before anyone is sent it (the box under a decoder burst). Off: every item goes to every client
   * that keeps up, as the cloud gateway promises.
   */
  supersedeWithinTurn?: boolean;
  /**
   * Fan out at most once per this many ms (default 0: every turn). Under a decoder burst a box
   * commits hundreds of batches a second; a short gap gathers them, so each phone gets one write
   * of a race's latest view per gap, while a quiet track's items still go out on the next turn.
   */
  fanoutGapMs?: number;
}

export interface LiveHubOptions {
  /** Default 5000 (race-api.md: "a heartbeat every 5 s"). */
  heartbeatMs?: number;
  /** ws bufferedAmount above which a client counts as slow and its items start to coalesce. Default 256 KiB. */
  slowBytes?: number;
  /** Slow without catching up for longer than this: `error` lagging, then close. Default 10 000. */
  lagLimitMs?: number;
  /** More coalesced items pending than this: lagging too. Default 1000. */
  maxPending?: number;
  /** More bytes held for one client than this (socket buffer plus pending items): lagging too. Default 4 MiB. */
  maxQueuedBytes?: number;
  /** The reconnect hint in the lagging error. Default 2000. */
  reconnectAfterMs?: number;
  /** Tracks served at once; serving one more is refused. Default 10 000. */
  maxTracks?: number;
  /** What a client that asks for a track the hub does not serve is told. Default: the track is not served here. */
  unknownTrack?: (trackId: string) => string;
  /** Default the `live` namespace. */
  log?: Logger;
  /** µs clock for ts_us, default Date.now()*1000. */
  now?: () => number;
  /**
   * Called as each published item's frame is written to a client's socket, with the seconds since it
   * was published (once per client): a metrics histogram's fanout delay. Snapshots and heartbeats are not published items.
   */
  onFanout?: (delaySeconds: number) => void;
}

export interface LiveSettings {
  heartbeatMs: number;
  slowBytes: number;
  lagLimitMs: number;
  maxPending: number;
  maxQueuedBytes: number;
  reconnectAfterMs: number;
  maxTracks: number;
  unknownTrack: (trackId: string) => string;
  log: Logger;
  now: () => number;
  onFanout: ((delaySeconds: number) => void) | undefined;
}

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`live hub option ${name} must be a positive whole number, got ${value}`);
  return value;
}

/** A failing observer must not stop frames going out: it is logged at most once a minute and the write goes on. */
function guardedObserver(observe: ((delaySeconds: number) => void) | undefined, log: Logger): LiveSettings['onFanout'] {
  if (!observe) return undefined;
  const failed = new RateLimitedWarning(log, 'live fanout observer failed');
  return (delaySeconds) => {
    try {
      observe(delaySeconds);
    } catch (err) {
      failed.add({ err: err instanceof Error ? err.message : String(err) });
    }
  };
}

export function resolveOptions(options: LiveHubOptions): LiveSettings {
  const log = options.log ?? createLogger('live');
  return {
    heartbeatMs: positiveInt('heartbeatMs', options.heartbeatMs, 5000),
    // Race events are well under 1 KiB; 256 KiB queued in Node on top of a full kernel send buffer
    // is several seconds of a busy race day, and 500 such clients still fit in a Pi's memory.
    slowBytes: positiveInt('slowBytes', options.slowBytes, 256 * 1024),
    // A phone roaming between track-side access points stalls for a few seconds and recovers;
    // ten seconds behind, a fresh snapshot is cheaper than catching up.
    lagLimitMs: positiveInt('lagLimitMs', options.lagLimitMs, 10_000),
    // Keys are per race or per decoder state: a race day has tens of them, not a thousand.
    maxPending: positiveInt('maxPending', options.maxPending, 1000),
    // Room for the largest snapshot the event caps allow (about 1.1 MiB, docs/race-api.md "Limits"),
    // which goes out past backpressure, plus a coalesced update of the same size; 4 MiB each for a
    // hundred stuck phones is still within a Pi's memory.
    maxQueuedBytes: positiveInt('maxQueuedBytes', options.maxQueuedBytes, 4 * 1024 * 1024),
    reconnectAfterMs: positiveInt('reconnectAfterMs', options.reconnectAfterMs, 2000),
    // A served track with no clients is a few hundred bytes; the cap only stops a feeder that serves without end.
    maxTracks: positiveInt('maxTracks', options.maxTracks, 10_000),
    unknownTrack: options.unknownTrack ?? ((trackId) => `track_id ${JSON.stringify(trackId)} is not served here`),
    log,
    now: options.now ?? (() => Date.now() * 1000),
    onFanout: guardedObserver(options.onFanout, log),
  };
}
