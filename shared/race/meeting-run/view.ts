/** @module The meeting view: running order with now-and-next, and per class its ranking, transfers, mains proposed and confirmed, the warning after a correction, and the final results. */
import { ADVANCE } from '../meeting/bmx-format.ts';
import type { ProposedRace } from '../meeting/bmx-stage.ts';
import { scoreMultipleMains } from '../meeting/rc-multi-a.ts';
import type { RcMain } from '../meeting/rc-mains.ts';
import type { RcRankRow } from '../meeting/rc-qualifying.ts';
import { qualifierRow } from '../meeting/rc-results.ts';
import { raceView } from '../race-views.ts';
import type { EngineState } from '../state.ts';
import { motoProposal, rcRanking, rcSetupOf, rcWaiting } from './mains.ts';
import { filledMains, gridLineup, mainLegs, orderView, runningOrder } from './order.ts';
import { bmxResults, finishedRun } from './results.ts';
import type { MeetingGroup, MeetingGroupView, MeetingResultRow, MeetingState, MeetingView, PlannedRace } from './types.ts';

const stagePlanned = (races: ProposedRace[], classIds: string[]): PlannedRace[] =>
  races.map((r) => ({ race_id: r.race_id, name: r.name, kind: 'stage', format: 'bmx', group_id: r.group_id, class_ids: classIds, round: null, lineup: r.lineup.map((s) => ({ lane: s.lane, rider_id: s.rider_id })) }));

const mainsPlanned = (mains: RcMain[], classId: string, legs: number): PlannedRace[] =>
  mains.flatMap((m) => mainLegs(m, legs).map((leg) => ({ race_id: leg.race_id, name: leg.name, kind: 'main' as const, format: 'timed' as const, group_id: classId, class_ids: [classId], round: null, lineup: gridLineup(m, mains) })));

/** Riders listed once, in order, numbered. */
function numbered(rows: { rider_id: string; from: string }[]): MeetingResultRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.rider_id) && seen.add(r.rider_id)).map((r, i) => ({ position: i + 1, ...r }));
}

/** BMX: the main's order, then each earlier stage's riders by place, then the rest by moto points. */
function bmxFinal(state: EngineState, meeting: MeetingState, group: MeetingGroup, motoRanking: { rider_id: string }[], totalPoints: boolean, motosDone: boolean): MeetingResultRow[] | null {
  if (totalPoints) return motosDone ? numbered(motoRanking.map((r) => ({ rider_id: r.rider_id, from: 'motos' }))) : null;
  const main = group.bmx_stages.at(-1)?.races;
  if (!main || main.length !== 1 || !finishedRun(state, meeting, main[0]!.race_id)) return null;
  const results = bmxResults(state, meeting);
  const rows: { rider_id: string; from: string }[] = [];
  for (const stage of [...group.bmx_stages].reverse()) {
    const placed = stage.races.flatMap((race) =>
      [...(results.get(race.race_id)?.rows ?? [])].sort((a, b) => (a.points ?? 99) - (b.points ?? 99)).map((row, place) => ({ rider_id: row.rider_id, from: race.race_id, place, index: race.index })),
    );
    // Riders out of a quarter or semi: by place in their race (beyond the ADVANCE who went on), then by race.
    placed.sort((a, b) => (stage.races.length === 1 ? a.place - b.place : Math.max(a.place, ADVANCE) - Math.max(b.place, ADVANCE) || a.place - b.place || a.index - b.index));
    rows.push(...placed);
  }
  rows.push(...motoRanking.map((r) => ({ rider_id: r.rider_id, from: 'motos' })));
  return numbered(rows);
}

/** RC: the A-main (its legs scored together), then each lower main's drivers not bumped up, then the rest by qualifying. */
function rcFinal(state: EngineState, meeting: MeetingState, group: MeetingGroup, ranking: RcRankRow[]): MeetingResultRow[] | null {
  if (!group.rc_mains) return null;
  const setup = rcSetupOf(meeting, group.group_id);
  const mains = filledMains(state, meeting, group.rc_mains.races);
  const rows: { rider_id: string; from: string }[] = [];
  for (const main of mains) {
    const legs = mainLegs(main, setup.a_mains.legs).map((leg) => ({ leg, run: finishedRun(state, meeting, leg.race_id) }));
    if (legs.some((l) => !l.run)) return null;
    const views = legs.map((l) => raceView(l.run!));
    if (legs.length === 1) rows.push(...views.flatMap((v) => (v.format === 'timed' ? v.rows : [])).map((r) => ({ rider_id: r.rider_id, from: legs[0]!.leg.race_id })));
    else {
      const scored = scoreMultipleMains(views.map((v) => ({ rows: v.format === 'timed' ? v.rows.map((r) => qualifierRow(r)) : [] })), setup.a_mains.count, ranking.map((r) => r.rider_id));
      rows.push(...scored.map((r) => ({ rider_id: r.rider_id, from: main.race_id })));
    }
  }
  rows.push(...ranking.map((r) => ({ rider_id: r.rider_id, from: 'qualifying' })));
  return numbered(rows);
}

/** How the ranking reads on race control and the sheets, as clubs say it. */
function rcFormatText(ranking: ReturnType<typeof rcSetupOf>['ranking']): string {
  switch (ranking.kind) {
    case 'best_round':
      return 'best round';
    case 'round_points':
      return `round points, best ${ranking.count}`;
    case 'consecutive':
      return `best ${ranking.laps} consecutive laps`;
  }
}

function groupView(state: EngineState, meeting: MeetingState, group: MeetingGroup): MeetingGroupView {
  const base = { group_id: group.group_id, kind: group.kind, class_ids: group.class_ids, warning: group.warning };
  if (group.kind === 'rc') {
    const setup = rcSetupOf(meeting, group.group_id);
    const ranking = rcRanking(state, meeting, group.group_id);
    return {
      ...base,
      splits: meeting.heats.filter((h) => h.class_id === group.group_id && h.round === 1).map((h) => h.drivers),
      format_text: rcFormatText(setup.ranking),
      waiting_for: rcWaiting(state, meeting, group.group_id),
      bmx_ranking: null,
      transfers: null,
      rc_ranking: ranking,
      proposed: group.rc_proposed ? mainsPlanned(group.rc_proposed, group.group_id, setup.a_mains.legs) : null,
      confirmed: group.rc_mains ? mainsPlanned(filledMains(state, meeting, group.rc_mains.races), group.group_id, setup.a_mains.legs) : [],
      results: rcFinal(state, meeting, group, ranking),
    };
  }
  const motos = motoProposal(state, meeting, group);
  return {
    ...base,
    splits: meeting.sheet!.groups.find((g) => g.group_id === group.group_id)!.splits,
    format_text: motos.format.text,
    waiting_for: motos.waiting_for,
    bmx_ranking: motos.ranking,
    transfers: motos.transfers,
    rc_ranking: null,
    proposed: group.bmx_proposed ? stagePlanned(group.bmx_proposed, group.class_ids) : null,
    confirmed: group.bmx_stages.flatMap((s) => stagePlanned(s.races, group.class_ids)),
    results: bmxFinal(state, meeting, group, motos.ranking, motos.format.kind === 'total_points', motos.complete),
  };
}

export function meetingView(state: EngineState, meeting: MeetingState): MeetingView {
  const { races, now_next } = orderView(state, meeting, runningOrder(state, meeting));
  return {
    event_id: meeting.event_id,
    revision: meeting.revision,
    setup: meeting.setup,
    seed: meeting.sheet?.seed ?? null,
    order: races,
    now_next,
    groups: meeting.group_order.map((id) => groupView(state, meeting, meeting.groups[id]!)),
  };
}
