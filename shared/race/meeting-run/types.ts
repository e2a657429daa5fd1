/** @module A race meeting in the engine state (setup, sheet, heats, which race ran each planned one, mains proposed and confirmed) and the view race control and the scoreboard read. */
import type { BmxMeetingSetup, RcClassSetup } from '../../contracts/meeting.ts';
import type { MainsChange } from '../meeting/mains-diff.ts';
import type { ProposedRace } from '../meeting/bmx-stage.ts';
import type { RankedRider } from '../meeting/bmx-ranking.ts';
import type { Transfer } from '../meeting/moto-results.ts';
import type { RcMain } from '../meeting/rc-mains.ts';
import type { RcRankRow } from '../meeting/rc-qualifying.ts';
import type { MotoSheet } from '../meeting/sheet-types.ts';
import type { TransferTable } from '../meeting/bmx-format.ts';

/** The setup as the engine keeps it: defaults filled in, nothing undefined, so a snapshot round-trips. */
export interface MeetingSetupState {
  bmx: (Omit<BmxMeetingSetup, 'transfer_table' | 'lane_preference' | 'classes'> & {
    transfer_table: TransferTable;
    lane_preference: number[] | null;
    classes: { class_id: string; format: 'transfer' | 'total_points' | 'olympic'; advance: number | null }[];
  }) | null;
  rc: { classes: RcClassSetup[] } | null;
}

/** One RC qualifying heat: the same drivers every round. */
export interface RcHeat {
  race_id: string;
  class_id: string;
  round: number;
  heat: number;
  name: string;
  drivers: string[];
}

/** A confirmed stage: the races staff confirmed, and the proposal they came from (what a correction is compared with). */
export interface ConfirmedStage<T> {
  basis: T[];
  races: T[];
}

export interface MeetingGroup {
  group_id: string;
  kind: 'bmx' | 'rc';
  class_ids: string[];
  bmx_proposed: ProposedRace[] | null;
  /** Motos → first stage → … → main, in the order they were confirmed. */
  bmx_stages: ConfirmedStage<ProposedRace>[];
  rc_proposed: RcMain[] | null;
  rc_mains: ConfirmedStage<RcMain> | null;
  /** What a fresh proposal would change in the confirmed races; empty when nothing. */
  warning: MainsChange[];
}

export interface MeetingState {
  event_id: string;
  revision: number;
  setup: MeetingSetupState;
  sheet: MotoSheet | null;
  heats: RcHeat[];
  /** Planned race id → the race staged for it last (a reset race is staged again under a new id). */
  runs: Record<string, string>;
  groups: Record<string, MeetingGroup>;
  /** Group ids in running order: BMX groups as the sheet has them, then RC classes. */
  group_order: string[];
}

export type MeetingRaceKind = 'moto' | 'stage' | 'qualifier' | 'main';

/**
 * A place in a planned lineup: a lane (BMX) or grid spot (RC). `bump` marks an RC main's place at
 * the back of the grid kept for the `place`-th finisher of the main below (`from`, its name): its
 * rider is null until that main has finished, then the driver bumped up.
 */
export interface PlannedSlot {
  lane: number;
  rider_id: string | null;
  bump?: { from: string; place: number };
}

/** One race of the running order as planned: its lineup (lane for BMX, grid spot for RC; an open bump place has no rider yet). */
export interface PlannedRace {
  race_id: string;
  name: string;
  kind: MeetingRaceKind;
  format: 'bmx' | 'timed';
  group_id: string;
  class_ids: string[];
  round: number | null;
  lineup: PlannedSlot[];
}

/** `waiting`: not run yet; `skipped`: every rider transferred out of it. */
export type MeetingRaceStatus = 'waiting' | 'staged' | 'running' | 'finished' | 'skipped';

export interface MeetingRaceView extends PlannedRace {
  /** 1..N in running order: "Moto 12 of 40". */
  number: number;
  status: MeetingRaceStatus;
  /** The race staged for it (its id in /api/races), or null. */
  run_race_id: string | null;
}

export interface MeetingResultRow {
  position: number;
  rider_id: string;
  /** The planned race the position comes from, or `motos` / `qualifying`. */
  from: string;
}

export interface MeetingGroupView {
  group_id: string;
  kind: 'bmx' | 'rc';
  class_ids: string[];
  /** BMX: rider ids of each split (A, B, …) as drawn; RC: each qualifying heat's drivers. */
  splits: string[][];
  /** `2-2-3`, `total points`, `best_round` …. */
  format_text: string;
  /** Motos or heats whose results the group still needs before mains. */
  waiting_for: string[];
  bmx_ranking: RankedRider[] | null;
  transfers: Transfer[] | null;
  /** RC qualifying order as the heats finish; position 1 is TQ. */
  rc_ranking: RcRankRow[] | null;
  proposed: PlannedRace[] | null;
  confirmed: PlannedRace[];
  warning: MainsChange[];
  /** The class's final order once its last race has finished (or its motos, under total points). */
  results: MeetingResultRow[] | null;
}

export interface MeetingView {
  event_id: string;
  revision: number;
  setup: MeetingSetupState;
  /**
   * The moto sheet's seed, null before the draw. The sheet itself is the order's motos (number,
   * class, round, lanes) and each group's splits: sent whole with every change it would double
   * what each phone receives for nothing new.
   */
  seed: number | null;
  order: MeetingRaceView[];
  /** Race ids of the order: racing now, at the gate, and the next two in staging; `at_gate_number` of `total`. */
  now_next: { running: string[]; at_gate: string | null; staging: string[]; at_gate_number: number | null; total: number };
  groups: MeetingGroupView[];
}
