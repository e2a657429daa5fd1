/** @module The read models the projection workers keep in `mre_read_models` (keys in keys.ts): what the portal and other readers get. */
import type { EventView, RaceView, Standings } from '../../shared/race/index.ts';
import type { EventOrder } from './current-event.ts';

/** A race in a list: enough to show it and find its results. */
export type RaceSummary = Pick<RaceView, 'race_id' | 'event_id' | 'class_id' | 'name' | 'round' | 'format' | 'status' | 'staged_at_us' | 'started_at_us' | 'finished_at_us'>;

export type TrackStatus = 'live' | 'idle';

/** `tracks.<track>`: one line of the track list. */
export interface TrackSummary {
  track_id: string;
  /** live: something happened within `projection.idle_after_ms`; idle otherwise. */
  status: TrackStatus;
  /** Box capture time of the newest event applied, µs (advanced in steps of 10 s here; exact in TrackLive). */
  last_activity_us: number;
  current_event_id: string | null;
}

/** `track.<track>.live`: the track now. */
export interface TrackLive {
  track_id: string;
  /** Stream sequence of the last event applied: a redelivered or replayed message at or below it is skipped. */
  seq: number;
  current_event_id: string | null;
  /** Staged and running races of every live event, newest staged first. */
  active_races: RaceSummary[];
  last_activity_us: number;
  /** How the current event is followed (current-event.ts). */
  event_order: EventOrder;
  /**
   * Per box boot (`client_id:boot_id`), the newest source applied as `[seq, index]`: an event republished
   * later (after JetStream's duplicate window) is at or below it and skipped. The newest 32 boots are kept.
   */
  high_water: Record<string, [number, number]>;
}

/** `track.<track>.event.<event>`. */
export interface EventModel {
  track_id: string;
  event_id: string;
  /** Null until the set-up is seen (a race can be known before, after a partial replay). */
  event: EventView | null;
  /** Newest staged first; reset races leave the list. */
  races: RaceSummary[];
  archived: boolean;
  archived_at_us: number | null;
}

/** `track.<track>.event.<event>.standings.<class>`. */
export interface StandingsModel {
  track_id: string;
  standings: Standings;
}

/** `track.<track>.race.<race>`: the latest view; its rows are the results. */
export interface RaceResults {
  track_id: string;
  race: RaceView;
}

export interface LapEntry {
  lap: number;
  lap_ms: number;
  at_us: number;
}

/** `track.<track>.race.<race>.detail`: laps as they were counted, from the race's `lap`, `rejected` and `finish` changes. */
export interface RaceDetailModel {
  track_id: string;
  race_id: string;
  event_id: string;
  /** Per competitor (rider_id, or `t<transponder>` for an unknown transponder), by lap number. */
  laps: Record<string, LapEntry[]>;
  rejected: { competitor: string; lap_ms: number; at_us: number }[];
  finishes: Record<string, { place: number | null; elapsed_ms: number | null; at_us: number }>;
  /**
   * A correction or rescore came after laps were counted: derived events carry the recomputed rows,
   * not the recomputed laps, so the results' rows are the authority and these laps are as first counted.
   */
  corrected: boolean;
  /** More laps than the model keeps (MAX_LAPS); the newest were not added. */
  truncated: boolean;
}
