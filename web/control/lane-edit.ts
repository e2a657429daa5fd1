/** @module Lanes of proposed BMX races as staff edit them before confirming: the draft, lanes two riders share, what moved, and the meeting.confirm_mains arguments (`races` only when a lane changed). */
import type { PlannedRace } from './meeting-model.ts';

/** race_id → rider_id → lane. */
export type LaneDraft = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface LaneClash {
  race_id: string;
  lane: number;
  /** In the proposal's order, so the line reads the same however the clash was made. */
  rider_ids: string[];
}

export interface LaneMove {
  race_id: string;
  rider_id: string;
  from: number;
  to: number;
}

const seated = (race: PlannedRace) => race.lineup.filter((s): s is { lane: number; rider_id: string } => s.rider_id !== null);

/** The proposal's lanes: what Reset to proposal goes back to. */
export function draftOf(races: readonly PlannedRace[]): LaneDraft {
  return Object.fromEntries(races.map((race) => [race.race_id, Object.fromEntries(seated(race).map((s) => [s.rider_id, s.lane]))]));
}

/** The draft with one rider in another lane; whoever had that lane keeps it until staff move them too (the clash shows meanwhile). */
export function withLane(draft: LaneDraft, raceId: string, riderId: string, lane: number): LaneDraft {
  return { ...draft, [raceId]: { ...draft[raceId], [riderId]: lane } };
}

/** The lanes of each race that more than one rider has been given. */
export function laneClashes(races: readonly PlannedRace[], draft: LaneDraft): LaneClash[] {
  return races.flatMap((race) => {
    const byLane = new Map<number, string[]>();
    for (const slot of seated(race)) {
      const lane = draft[race.race_id]?.[slot.rider_id] ?? slot.lane;
      byLane.set(lane, [...(byLane.get(lane) ?? []), slot.rider_id]);
    }
    return [...byLane].filter(([, ids]) => ids.length > 1).sort(([a], [b]) => a - b).map(([lane, rider_ids]) => ({ race_id: race.race_id, lane, rider_ids }));
  });
}

/** Riders whose lane differs from the proposal, race by race in the proposal's order. */
export function laneMoves(races: readonly PlannedRace[], draft: LaneDraft): LaneMove[] {
  return races.flatMap((race) =>
    seated(race).flatMap((slot) => {
      const to = draft[race.race_id]?.[slot.rider_id] ?? slot.lane;
      return to === slot.lane ? [] : [{ race_id: race.race_id, rider_id: slot.rider_id, from: slot.lane, to }];
    }),
  );
}

/** Lanes 1 … gate size: every lane a rider may be given. */
export const gateLanes = (gateSize: number): number[] => Array.from({ length: gateSize }, (_, i) => i + 1);

/**
 * The meeting.confirm_mains body. Unchanged lanes send no `races`, so the box confirms its own
 * proposal (the log then says nobody edited it); edited, every proposed race goes with its lineup
 * by lane, as the intent wants each proposed race once.
 */
export function confirmArgs(eventId: string, groupId: string, races: readonly PlannedRace[], draft: LaneDraft): Record<string, unknown> {
  const args = { event_id: eventId, group_id: groupId };
  if (laneMoves(races, draft).length === 0) return args;
  return {
    ...args,
    races: races.map((race) => ({
      race_id: race.race_id,
      lineup: seated(race)
        .map((slot) => ({ lane: draft[race.race_id]?.[slot.rider_id] ?? slot.lane, rider_id: slot.rider_id }))
        .sort((a, b) => a.lane - b.lane),
    })),
  };
}

/** Changes whenever the box proposes something else, so a draft of an older proposal is dropped. */
export const proposalKey = (races: readonly PlannedRace[]): string => races.map((r) => `${r.race_id}:${seated(r).map((s) => `${s.lane}=${s.rider_id}`).join(',')}`).join(';');
