/** @module What the engine shows the world: race views, result rows, standings and the derived events that carry them. */
import type { RaceFormat } from '../contracts/control.ts';
import type { MainsChange } from './meeting/mains-diff.ts';
import type { MeetingView } from './meeting-run/types.ts';

export type RaceStatus = 'staged' | 'running' | 'finished' | 'reset';
/** `quiet`: an automatic practice closed after the track was quiet for its period. */
export type FinishReason = 'all_finished' | 'force_finish' | 'max_time' | 'overtime' | 'quiet';

/** One rider (BMX) in a moto, by lane. */
export interface BmxRow {
  lane: number;
  rider_id: string;
  name: string;
  plate: string | null;
  transponder: number | null;
  /** `staged` before the gate; `riding` after it; DNS: never seen; DNF: seen, not finished. */
  status: 'staged' | 'riding' | 'finished' | 'dnf' | 'dns';
  place: number | null;
  /** Finish minus gate, ms (truncated, as timing systems do). */
  elapsed_ms: number | null;
  gap_ms: number | null;
  /** Moto points: the place; DNF scores the field size, DNS the field size + 1. */
  points: number | null;
}

/** One driver in a timed (RC) race, in running order. */
export interface TimedRow {
  position: number;
  rider_id: string;
  name: string;
  plate: string | null;
  transponder: number | null;
  /** `waiting`: not crossed yet; `racing`; `finished`: took the flag; `dnf`: stopped before the flag; `dns`: never crossed. */
  status: 'waiting' | 'racing' | 'finished' | 'dnf' | 'dns';
  laps: number;
  /** From the driver's start to their last counted crossing. */
  total_ms: number | null;
  /** LiveRC style `12/5:03.123`. */
  result_text: string;
  last_lap_ms: number | null;
  /** Best full lap (a mass start's grid lap left out), the first lap that has it, and the box time of the crossing that completed it. */
  best_lap_ms: number | null;
  best_lap_number: number | null;
  best_lap_at_us: number | null;
  /** Mean full lap, rounded to the ms. */
  avg_lap_ms: number | null;
  /** 100 × (1 − population SD / mean full lap), 3 decimals rounded half up to 2, as LiveRC prints it. */
  consistency_pct: number | null;
  /** To the car directly ahead: laps down, or ms on the same lap count. */
  behind_laps: number | null;
  behind_ms: number | null;
  /** Empty for the leader, `3.456` on the same lap count, `1 Lap` / `2 Laps` otherwise. */
  behind_text: string;
  rejected_laps: number;
}

/** One transponder on the practice board, ranked by best lap. */
export interface PracticeRow {
  position: number;
  transponder: number;
  rider_id: string | null;
  name: string;
  plate: string | null;
  laps: number;
  last_lap_ms: number | null;
  best_lap_ms: number | null;
  best_lap_number: number | null;
  best_lap_at_us: number | null;
  avg_lap_ms: number | null;
  rejected_laps: number;
}

export interface PracticeStats {
  total_laps: number;
  drivers: number;
  /** The session's best lap, with its lap number and the box time of the crossing that completed it. */
  best: { transponder: number; name: string; lap_ms: number; lap: number; at_us: number } | null;
  /** Crossings of transponders the full board (MAX_PRACTICE_ROWS) had no row for; absent while it has room. */
  off_board?: number;
}

/** A best lap and where it came from, so a driver can find it on video. */
export interface BestLap {
  race_id: string;
  lap: number;
  lap_ms: number;
  /** Box time of the crossing that completed the lap, µs. */
  at_us: number;
}

export interface Correction {
  /** `confirm`: a lap set aside as suspect_short counts after all; `class`: the race moved to another class (`ref` is empty). */
  kind: 'ignore' | 'add' | 'confirm' | 'class';
  ref: string;
  /** `class`: the class before and after. */
  previous_class_id?: string | null;
  class_id?: string;
  rider_id: string | null;
  by: string;
  reason: string;
  at_us: number;
}

interface RaceViewBase {
  race_id: string;
  event_id: string;
  class_id: string | null;
  name: string;
  round: number | null;
  status: RaceStatus;
  staged_at_us: number;
  /** Gate drop (BMX) or start signal (timed, practice), on the track timeline. */
  started_at_us: number | null;
  finished_at_us: number | null;
  finish_reason: FinishReason | null;
  corrections: Correction[];
  /** Bumps with every change, so a client can drop stale updates. */
  revision: number;
}

export interface BmxRaceView extends RaceViewBase {
  format: 'bmx';
  gate: { source: 'passing' | 'intent'; transponder: number | null; decoder_id: number | null } | null;
  settings: { min_time_ms: number; max_time_ms: number };
  rows: BmxRow[];
}

export interface TimedRaceView extends RaceViewBase {
  format: 'timed';
  settings: { duration_ms: number; min_lap_ms: number; overtime_ms: number; start_mode: 'staggered' | 'mass' };
  /** Start plus duration: after this each driver's next crossing is their last. */
  ends_at_us: number | null;
  rows: TimedRow[];
}

export interface PracticeRaceView extends RaceViewBase {
  format: 'practice';
  settings: { min_lap_ms: number };
  rows: PracticeRow[];
  stats: PracticeStats;
}

export type RaceView = BmxRaceView | TimedRaceView | PracticeRaceView;

/** A lap (or BMX finish) as counted, with the crossing that made it. */
export interface LapView {
  /** 0 for a crossing that is no lap (rejected, or set aside as suspect_short). */
  lap: number;
  lap_ms: number;
  /** Race time of the crossing, ms after the gate / start. */
  time_ms: number;
  /** Box time of the crossing, µs. */
  at_us: number;
  ref: string;
  rejected: boolean;
  /** Much longer than the driver's best so far: probably a missed read. */
  suspect_missed: boolean;
  /** Far shorter than the driver's typical lap (a stray read): set aside until confirmed, with the lap number it would be. */
  suspect_short: boolean;
  suspect_lap: number | null;
  /** A suspect_short lap the referee confirmed (lap.confirm): it counts. */
  confirmed: boolean;
}

/** `GET /api/races/:id`: the view plus every competitor's laps and every crossing the race saw. */
export interface RaceDetail {
  race: RaceView;
  laps: Record<string, LapView[]>;
  passings: { ref: string; transponder: number | null; rider_id: string | null; time_ms: number; decoder_id: number | null; ignored: boolean; manual: boolean }[];
}

export interface StandingRow {
  position: number;
  rider_id: string;
  name: string;
  plate: string | null;
  /** BMX: moto points per race_id; timed: laps/time per race_id. */
  results: { race_id: string; points: number | null; result_text: string }[];
  /** BMX: points total (lowest wins). Timed: null (best result wins). */
  total_points: number | null;
  best_text: string;
  /** Timed: the driver's best full lap over the class's finished races, and where it came from. */
  best_lap: BestLap | null;
}

export interface Standings {
  event_id: string;
  class_id: string | null;
  format: RaceFormat;
  rows: StandingRow[];
}

export interface EventView {
  event_id: string;
  name: string;
  date: string | null;
  classes: { class_id: string; name: string; format: RaceFormat | null }[];
  riders: { rider_id: string; name: string; plate: string | null; class_id: string | null; transponders: number[] }[];
  decoders: { decoder_id: number; name: string | null; role: 'start' | 'finish' | 'lap'; clock_offset_us: number | null }[];
  /** The practice the engine opens by itself when passings find no race staged or running. */
  auto_practice: { enabled: boolean; quiet_ms: number };
}

/** What a change carried, so a board can flash the right row. */
export type RaceChange =
  | { kind: 'staged' | 'started' | 'reset' | 'rescored' | 'finished' }
  | { kind: 'gate'; source: 'passing' | 'intent' }
  | { kind: 'lap'; rider_id: string | null; transponder: number | null; lap: number; lap_ms: number }
  | { kind: 'rejected'; rider_id: string | null; transponder: number | null; lap_ms: number }
  | { kind: 'suspect_short'; rider_id: string | null; transponder: number | null; lap: number; lap_ms: number }
  | { kind: 'finish'; rider_id: string; place: number | null; elapsed_ms: number | null }
  | { kind: 'correction'; correction: Correction };

/**
 * A timed race's laps for one driver as the engine holds them after the change: every counted lap
 * in order (`lap_ms[0]` is lap 1), the numbers of laps flagged suspect_missed and confirmed, and the
 * crossings that are no lap (rejected double reads, stray reads set aside), by their time.
 */
export interface CountedLaps {
  lap_ms: number[];
  suspect: number[];
  confirmed: number[];
  rejected_ms: number[];
  set_aside_ms: number[];
}

export type DerivedPayloads = {
  'event.updated': { event: EventView };
  /**
   * `laps` (timed races only, keyed by rider_id or the competitor key): on `finished`, `rescored` and
   * `correction`, the moments a race's laps are final or were recounted, which lap changes alone cannot
   * tell (a rescore sends no lap changes), so a reader away from the engine keeps the laps it counted.
   */
  'race.updated': { race: RaceView; change: RaceChange; laps?: Record<string, CountedLaps> };
  'standings.updated': { standings: Standings };
  /** A gate drop while no moto was staged: nothing was timed from it. */
  'gate.unassigned': { decoder_id: number | null; transponder: number; at_us: number };
  /** An intent the engine could not apply to the race state it found in the log. */
  'intent.refused': { intent: string; reason: string; by: string };
  /** An idle event left the live state; its final views are kept read-only by the host. */
  'event.archived': { race_ids: string[]; last_activity_us: number };
  /** Clock offset now in use for a decoder. */
  'decoder.clock': { decoder_id: number; clock_offset_us: number; source: 'get_time' | 'first_passing' | 'configured' };
  /** A race meeting after a meeting intent or a change of one of its races: running order, now and next, rankings, mains. */
  'meeting.updated': { meeting: MeetingView };
  /** Confirmed mains no longer match what the corrected results propose; nothing was changed (empty: they match again). */
  'meeting.mains_changed': { group_id: string; changes: MainsChange[] };
};

export type DerivedType = keyof DerivedPayloads;

/** One derived event. `id` is the causing envelope's id plus an index: the same on every replay. */
export type DerivedEvent = {
  [T in DerivedType]: { id: string; type: T; event_id: string | null; race_id: string | null; at_us: number; payload: DerivedPayloads[T] };
}[DerivedType];

/** A decoder passing as the `decoder` live channel shows it, with the rider it belongs to when known. */
export interface LivePassing {
  decoder_id: number;
  passing_number: number;
  transponder: number;
  transponder_code: string | null;
  rtc_time_us: number;
  captured_at_us: number;
  strength: number | null;
  hits: number | null;
  rider_id: string | null;
  name: string | null;
  /** A gate-drop marker (9991/9992/9995 or the race's own). */
  gate: boolean;
}

/** An event as it left the live state: everything a reader of results needs, final. */
export interface ArchivedEvent {
  event: EventView;
  /** Newest staged first, as the live API lists them. */
  races: RaceDetail[];
  standings: Standings[];
  /** The event's race meeting as the engine served it just before it left (moto sheet, rankings, mains, results), or null. */
  meeting: MeetingView | null;
  last_activity_us: number;
  archived_at_us: number;
}

/** What `POST /api/control/<intent>` answers once the intent is logged and applied. */
export interface IntentResult {
  seq: number;
  lsn: number;
  envelope_id: string;
  race_id: string | null;
  events: DerivedEvent[];
}
