/** @module The engine's state: plain JSON (null, never undefined), so a snapshot is JSON.stringify and resuming is JSON.parse. */
import type { RaceFormat } from '../contracts/control.ts';
import type { MeetingState } from './meeting-run/types.ts';
import type { Correction, EventView, FinishReason, RaceStatus } from './views.ts';

export const STATE_VERSION = 5;

export interface DecoderClock {
  /** Decoder clock minus box clock, µs, from the decoder's last GET_TIME answer (or its first passing). */
  learned_us: number | null;
  learned_from: 'get_time' | 'first_passing' | null;
  /** From event setup: wins over the learned one. */
  configured_us: number | null;
}

/** One crossing a running race saw, whether or not it counted. */
export interface Crossing {
  ref: string;
  transponder: number | null;
  /** Set for manual crossings (passing.add). */
  rider_id: string | null;
  decoder_id: number | null;
  /** Track timeline, µs (box clock). */
  t_us: number;
  manual: boolean;
  ignored: boolean;
  /** The race that scored it when it arrived (newest race first); null when none did. */
  claimed_by: string | null;
}

export interface Competitor {
  key: string;
  rider_id: string | null;
  name: string;
  plate: string | null;
  lane: number | null;
  transponders: number[];
  /** Timeline µs of the driver's start (staggered: first crossing; mass: the start signal). */
  start_us: number | null;
  last_us: number | null;
  /** Counted laps (µs) and the crossings that made them. */
  laps: { lap_us: number; t_us: number; ref: string; suspect: boolean }[];
  rejected: { lap_us: number; t_us: number; ref: string }[];
  /**
   * Double reads past the few kept after each counted crossing (scoring.ts): counted, not kept,
   * so a flood of reads on one loop cannot grow the race without bound. Absent in older snapshots.
   */
  dropped_rejects?: number;
  /** Crossings set aside as `suspect_short` (a stray read): no lap until the referee confirms one (lap.confirm). */
  short_laps: { lap_us: number; t_us: number; ref: string }[];
  /** Best full lap (a mass start's grid lap left out, see lap-figures.ts) and its lap number (1-based). */
  best_us: number | null;
  best_lap: number | null;
  /** Sum of the full laps, µs. */
  sum_us: number;
  /** BMX: seen after the gate; finish time on the timeline. */
  seen: boolean;
  finish_us: number | null;
  finished: boolean;
}

export interface RaceState {
  race_id: string;
  event_id: string;
  class_id: string | null;
  name: string;
  round: number | null;
  format: RaceFormat;
  status: RaceStatus;
  staged_at_us: number;
  started_at_us: number | null;
  finished_at_us: number | null;
  finish_reason: FinishReason | null;
  revision: number;
  settings: {
    min_time_ms: number;
    max_time_ms: number;
    duration_ms: number;
    min_lap_ms: number;
    overtime_ms: number;
    start_mode: 'staggered' | 'mass';
    gate_transponders: number[];
    start_decoder_id: number | null;
    finish_decoder_id: number | null;
  };
  gate: { source: 'passing' | 'intent'; transponder: number | null; decoder_id: number | null } | null;
  /** The lineup as staged; an empty practice lineup means anyone. */
  lineup: { rider_id: string; lane: number | null; transponder: number | null }[];
  /** Decoder offsets frozen at the start, so one decoder's times never shift within a race. */
  offsets: Record<string, number>;
  crossings: Crossing[];
  /** Per competitor key, double reads dropped as they came and so not among `crossings` (absent in older snapshots). */
  removed_rejects?: Record<string, number>;
  /** Open practice: crossings of new transponders once the board had MAX_PRACTICE_ROWS rows. */
  off_board?: number;
  competitors: Competitor[];
  corrections: Correction[];
}

export interface EngineState {
  v: typeof STATE_VERSION;
  race_counter: number;
  decoders: Record<string, DecoderClock>;
  events: Record<string, EventView>;
  event_order: string[];
  /** When each live event was last set up, on the track timeline. */
  event_setup_us: Record<string, number>;
  /** Events that left the live state; their ids cannot be set up again. */
  archived_events: string[];
  races: Record<string, RaceState>;
  race_order: string[];
  staged_race_id: string | null;
  /** Running races in stage order. */
  running: string[];
  /** The practice the engine opened by itself, while it runs: closed once the track is quiet for `quiet_ms`. */
  auto_practice: AutoPractice | null;
  /**
   * Track time staff last staged, started, stopped or reset a race, or one of their races finished:
   * an automatic practice waits a quiet period after it, so a race meeting's boards stay between races.
   */
  staff_race_us: number | null;
  /** Race meetings by event id (meeting.setup): their sheets, heats, runs and mains. */
  meetings: Record<string, MeetingState>;
}

export interface AutoPractice {
  race_id: string;
  quiet_ms: number;
  /** Track time of the newest crossing it saw. */
  last_us: number;
}

export function emptyState(): EngineState {
  return { v: STATE_VERSION, race_counter: 0, decoders: {}, events: {}, event_order: [], event_setup_us: {}, archived_events: [], races: {}, race_order: [], staged_race_id: null, running: [], auto_practice: null, staff_race_us: null, meetings: {} };
}
