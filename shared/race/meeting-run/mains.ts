/** @module Mains proposed from a meeting's results (BMX from the motos or the stage before, RC from the qualifying order), and what a fresh proposal would change once staff confirmed them. */
import type { BmxFormat } from '../meeting/bmx-format.ts';
import { proposeFromMotos, proposeNextStage, type MainsProposal } from '../meeting/bmx-mains.ts';
import type { ProposedRace, StageOptions } from '../meeting/bmx-stage.ts';
import { mainsChanges, type MainsChange } from '../meeting/mains-diff.ts';
import { buildRcMains, type RcMain } from '../meeting/rc-mains.ts';
import { rankQualifying, type RcRankRow } from '../meeting/rc-qualifying.ts';
import type { EngineState } from '../state.ts';
import { meetingRaceId } from './ids.ts';
import { bmxResults, finishedRun, qualifyingRounds } from './results.ts';
import type { MeetingGroup, MeetingState } from './types.ts';

/** The format a BMX group rides: its first class's (classes combine only when they ride alike). */
export function bmxFormatOf(meeting: MeetingState, group: MeetingGroup): BmxFormat {
  const bmx = meeting.setup.bmx!;
  const cls = bmx.classes.find((c) => c.class_id === group.class_ids[0])!;
  if (cls.format === 'total_points') return { kind: 'total_points' };
  if (cls.format === 'olympic') return { kind: 'olympic', ...(cls.advance !== null ? { advance: cls.advance } : {}) };
  return { kind: 'transfer', table: bmx.transfer_table };
}

function stageOptions(meeting: MeetingState): StageOptions {
  const bmx = meeting.setup.bmx!;
  return { gate_size: bmx.gate_size, ...(bmx.lane_preference ? { lane_preference: bmx.lane_preference } : {}) };
}

const renamed = (meeting: MeetingState, races: ProposedRace[]): ProposedRace[] =>
  races.map((r) => ({ ...r, race_id: meetingRaceId(meeting.event_id, r.group_id, r.stage, r.index) }));

export function motoProposal(state: EngineState, meeting: MeetingState, group: MeetingGroup): MainsProposal {
  const proposal = proposeFromMotos(meeting.sheet!, group.group_id, bmxFormatOf(meeting, group), bmxResults(state, meeting), stageOptions(meeting));
  return { ...proposal, races: renamed(meeting, proposal.races) };
}

const nameOf = (meeting: MeetingState, state: EngineState, plannedId: string) => {
  const moto = meeting.sheet?.motos.find((m) => m.race_id === plannedId);
  return moto ? `Moto ${moto.number}` : (state.races[meeting.runs[plannedId] ?? '']?.name ?? plannedId);
};

/** The next BMX stage for a group, or why there is none yet. */
export function bmxProposal(state: EngineState, meeting: MeetingState, group: MeetingGroup): ProposedRace[] | string {
  const last = group.bmx_stages.at(-1);
  if (!last) {
    const proposal = motoProposal(state, meeting, group);
    if (proposal.format.kind === 'total_points') return `${group.group_id} rides total points (${proposal.format.text}): its result is the motos' total, with no main`;
    if (!proposal.complete) return `${group.group_id} waits for ${proposal.waiting_for.map((id) => nameOf(meeting, state, id)).join(', ')}`;
    return proposal.races;
  }
  if (last.races.length === 1) return `${group.group_id} has its main confirmed: nothing follows it`;
  const next = proposeNextStage(last.races, bmxResults(state, meeting), meeting.sheet!.seed, stageOptions(meeting));
  if (next === null) return `${group.group_id} waits for ${last.races.filter((r) => !finishedRun(state, meeting, r.race_id)).map((r) => r.name).join(', ')}`;
  return renamed(meeting, next);
}

export function rcSetupOf(meeting: MeetingState, classId: string) {
  return meeting.setup.rc!.classes.find((c) => c.class_id === classId)!;
}

export function rcRanking(state: EngineState, meeting: MeetingState, classId: string): RcRankRow[] {
  return rankQualifying(qualifyingRounds(state, meeting, classId), rcSetupOf(meeting, classId).ranking);
}

export function rcWaiting(state: EngineState, meeting: MeetingState, classId: string): string[] {
  return meeting.heats.filter((h) => h.class_id === classId && !finishedRun(state, meeting, h.race_id)).map((h) => h.race_id);
}

function rcMainsFrom(meeting: MeetingState, classId: string, ranking: RcRankRow[]): RcMain[] {
  const setup = rcSetupOf(meeting, classId);
  return buildRcMains(ranking.map((r) => r.rider_id), { size: setup.main_size, bumps: setup.bumps, race_id_prefix: `${meetingRaceId(meeting.event_id, classId)}-` });
}

export function rcProposal(state: EngineState, meeting: MeetingState, group: MeetingGroup): RcMain[] | string {
  if (group.rc_mains) return `${group.group_id} has its mains confirmed`;
  const waiting = rcWaiting(state, meeting, group.group_id);
  if (waiting.length > 0) return `${group.group_id} waits for qualifying heats ${waiting.join(', ')}`;
  const ranking = rcRanking(state, meeting, group.group_id);
  if (ranking.length === 0) return `${group.group_id} has no qualifying results`;
  return rcMainsFrom(meeting, group.group_id, ranking);
}

/** Direct grid places only: bump places are filled from the lower main, not from qualifying. */
const rcSeats = (mains: RcMain[]) => mains.map((m) => ({ race_id: m.race_id, lineup: m.grid.filter((s) => s.bump === null).map((s) => ({ lane: s.grid, rider_id: s.rider_id!, choice: 0 })) }));

/** What fresh proposals from today's results would change in the group's confirmed races (kept as they are). */
export function freshChanges(state: EngineState, meeting: MeetingState, group: MeetingGroup): MainsChange[] {
  if (group.kind === 'rc') {
    if (!group.rc_mains) return [];
    return mainsChanges(rcSeats(group.rc_mains.basis), rcSeats(rcMainsFrom(meeting, group.group_id, rcRanking(state, meeting, group.group_id))));
  }
  const changes: MainsChange[] = [];
  group.bmx_stages.forEach((stage, k) => {
    const fresh = k === 0 ? motoProposal(state, meeting, group).races : proposeNextStage(group.bmx_stages[k - 1]!.races, bmxResults(state, meeting), meeting.sheet!.seed, stageOptions(meeting));
    if (fresh && fresh.length > 0) changes.push(...mainsChanges(stage.basis, k === 0 ? fresh : renamed(meeting, fresh)));
  });
  return changes;
}
