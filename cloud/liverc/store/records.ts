/** @module What the LiveRC import keeps, one record per natural key (the keys the seed data model names), as stored in JetStream KV. */
import type { EventPage, RaceResultRow } from '../types.ts';

export type IngestDepth = 'none' | 'laps_full';

/** [source, source_track_slug] */
export interface TrackRecord {
  source: 'liverc';
  slug: string;
  name: string;
  status: 'idle' | 'practice' | 'racing';
  last_activity: string | null;
  current_event: string | null;
  /** False once the track is no longer in LiveRC's catalogue; never deleted. */
  active: boolean;
  first_seen_at_ms: number;
  last_seen_at_ms: number;
}

/**
 * [source, source_event_id]. The event page's fields, so one the parser adds cannot be left out;
 * `date_start`/`date_end` come from the events list until the event page gives the full range.
 */
export interface EventRecord extends Omit<EventPage, 'races'> {
  source: 'liverc';
  source_event_id: string;
  track_slug: string;
  /** Only ever moves none → laps_full. */
  ingest_depth: IngestDepth;
  last_ingested_at_ms: number | null;
  races: number | null;
  laps: number | null;
}

/** [source, source_driver_id]; drivers a page gives no id get a key from their normalised name. */
export interface DriverRecord {
  source: 'liverc';
  driver_key: string;
  source_driver_id: string | null;
  display_name: string;
  normalized_name: string;
  transponders: string[];
}

/** [event, driver, class_name] */
export interface EventEntryRecord {
  event_id: string;
  driver_key: string;
  class_name: string;
  driver_name: string;
  sort_name: string | null;
  transponder: string | null;
}

/** [event, source_race_id] */
export interface RaceRecord {
  event_id: string;
  source_race_id: string;
  label: string;
  class_name: string;
  section: string;
  /** Venue-local `YYYY-MM-DDTHH:MM`. */
  completed_at: string | null;
  round: string | null;
  length_seconds: number | null;
  /** Order on the event page (LiveRC lists newest first; 0 is the newest). */
  order: number;
}

/** [race, source_driver_id] */
export interface RaceDriverRecord {
  race_id: string;
  driver_key: string;
  source_driver_id: string | null;
  display_name: string;
}

/** [race, race_driver]: the results-table row as parsed, its driver by key, its laps kept apart. */
export type RaceResultRecord = { race_id: string; driver_key: string } & Omit<RaceResultRow, 'source_driver_id' | 'driver_name' | 'lap_times'>;

/** [race_result, lap_number]: one record per result holding its laps in lap order. */
export interface LapsRecord {
  race_id: string;
  driver_key: string;
  laps: RaceResultRow['lap_times'];
}
