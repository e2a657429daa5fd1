/** @module An RC meeting run through the engine as logged intents: 2 classes over 3 qualifying rounds, the ranking (TQ) as heats finish, A and B mains with bumps filled when the B finishes, final results. */
import { describe, expect, it } from 'vitest';
import { dayEvent, MeetingDay, speed } from './meeting-day.ts';

const SETUP = {
  event_id: 'rc-cup',
  rc: {
    classes: [
      { class_id: 'buggy', heat_size: 7, main_size: 6, bumps: 2, qualifying_ms: 60_000, main_ms: 60_000 },
      { class_id: 'truck', heat_size: 8, main_size: 4, bumps: 1, qualifying_ms: 60_000, main_ms: 60_000, ranking: { kind: 'round_points', count: 2 } },
    ],
  },
};

function qualifiedDay(): MeetingDay {
  const day = new MeetingDay('rc-cup', dayEvent('rc-cup', [{ class_id: 'buggy', riders: 10 }, { class_id: 'truck', riders: 6 }], 'lap'));
  expect(day.refusal('meeting.setup', SETUP)).toBeNull();
  return day;
}

function runQualifying(day: MeetingDay): void {
  while (day.meeting().order.some((r) => r.kind === 'qualifier' && r.status === 'waiting')) day.runHeat(day.stageNext());
}

describe('rc meeting', () => {
  it('rc meeting - qualifying heats per class and round, timed and staggered; the ranking and its TQ follow each heat as it finishes', () => {
    const day = qualifiedDay();
    const order = day.meeting().order;
    expect(order.map((r) => r.name)).toEqual(['Qualifying 1 Heat 1', 'Qualifying 1 Heat 2', 'Qualifying 1', 'Qualifying 2 Heat 1', 'Qualifying 2 Heat 2', 'Qualifying 2', 'Qualifying 3 Heat 1', 'Qualifying 3 Heat 2', 'Qualifying 3']);
    expect(order.map((r) => r.class_ids[0])).toEqual(['buggy', 'buggy', 'truck', 'buggy', 'buggy', 'truck', 'buggy', 'buggy', 'truck']);
    expect(order.filter((r) => r.group_id === 'buggy' && r.round === 1).map((r) => r.lineup.length)).toEqual([5, 5]);
    const first = day.stageNext();
    const race = day.engine.race(first)!.race;
    expect(race.format === 'timed' && [race.settings.duration_ms, race.settings.start_mode]).toEqual([60_000, 'staggered']);
    day.runHeat(first);
    const ranking = day.meeting().groups.find((g) => g.group_id === 'buggy')!.rc_ranking!;
    const heat = day.lineup(first).sort((a, b) => speed(a) - speed(b));
    expect(ranking.map((r) => r.rider_id)).toEqual(heat);
    expect(ranking[0]!.tq).toBe(true);
    day.runHeat(day.stageNext());
    expect(day.meeting().groups.find((g) => g.group_id === 'buggy')!.rc_ranking!.map((r) => r.rider_id).slice(0, 2)).toEqual(['buggy-1', 'buggy-2']);
  });

  it('rc meeting - 2 classes × 3 rounds to A and B mains with bumps: B runs first, its best fill the A\'s bump places, then the results', () => {
    const day = qualifiedDay();
    expect(day.refusal('meeting.propose_mains', { event_id: 'rc-cup', group_id: 'buggy' })).toMatch(/^buggy waits for qualifying heats rc-cup-buggy-q1-1, /);
    runQualifying(day);
    const truckRanking = day.meeting().groups.find((g) => g.group_id === 'truck')!.rc_ranking!;
    expect(truckRanking.map((r) => [r.rider_id, r.result_text])).toEqual(Array.from({ length: 6 }, (_, i) => [`truck-${i + 1}`, `${200 - 2 * i} pts`]));
    for (const group_id of ['buggy', 'truck']) {
      expect(day.refusal('meeting.propose_mains', { event_id: 'rc-cup', group_id })).toBeNull();
      expect(day.refusal('meeting.confirm_mains', { event_id: 'rc-cup', group_id })).toBeNull();
    }
    expect(day.refusal('meeting.confirm_mains', { event_id: 'rc-cup', group_id: 'buggy', races: [{ race_id: 'x', lineup: [{ lane: 1, rider_id: 'buggy-1' }] }] })).toBe('buggy has no mains proposed: send meeting.propose_mains first');
    const view = day.meeting();
    const mains = view.order.filter((r) => r.kind === 'main');
    expect(mains.map((r) => `${r.class_ids[0]} ${r.name}`)).toEqual(['buggy B-Main', 'truck B-Main', 'buggy A-Main', 'truck A-Main']);
    const buggyA = mains[2]!;
    // 10 buggies, mains of 6 with 2 bumps: A = q1..q4 + 2 bump places, B = q5..q10.
    expect(buggyA.lineup.map((s) => s.rider_id)).toEqual(['buggy-1', 'buggy-2', 'buggy-3', 'buggy-4', null, null]);
    // The bump places say whose finishers they wait for; the direct places carry no mark.
    expect(buggyA.lineup.map((s) => s.bump ?? null)).toEqual([null, null, null, null, { from: 'B-Main', place: 1 }, { from: 'B-Main', place: 2 }]);
    expect(view.groups.find((g) => g.group_id === 'buggy')!.confirmed.find((r) => r.name === 'A-Main')!.lineup.slice(4)).toEqual(buggyA.lineup.slice(4));
    expect(mains[0]!.lineup.map((s) => s.rider_id)).toEqual(['buggy-5', 'buggy-6', 'buggy-7', 'buggy-8', 'buggy-9', 'buggy-10']);
    expect(day.refusal('meeting.stage_next', { event_id: 'rc-cup', race_id: buggyA.race_id })).toBe('A-Main waits for B-Main: its best 2 start at the back');

    const bRun = day.stageNext();
    const bRace = day.engine.race(bRun)!.race;
    expect(bRace.format === 'timed' && bRace.settings.start_mode).toBe('mass');
    day.runHeat(bRun);
    const filled = day.meeting().order.find((r) => r.race_id === buggyA.race_id)!;
    expect(filled.lineup.map((s) => s.rider_id)).toEqual(['buggy-1', 'buggy-2', 'buggy-3', 'buggy-4', 'buggy-5', 'buggy-6']);
    // Filled, the places still read as bumps: the drivers came up from the B-Main.
    expect(filled.lineup.slice(4)).toEqual([{ lane: 5, rider_id: 'buggy-5', bump: { from: 'B-Main', place: 1 } }, { lane: 6, rider_id: 'buggy-6', bump: { from: 'B-Main', place: 2 } }]);
    while (day.meeting().now_next.at_gate !== null) day.runHeat(day.stageNext());
    const results = day.meeting().groups.map((g) => g.results!.map((r) => `${r.rider_id}@${r.from.replace('rc-cup-', '')}`));
    expect(results[0]).toEqual([
      'buggy-1@buggy-a-main', 'buggy-2@buggy-a-main', 'buggy-3@buggy-a-main', 'buggy-4@buggy-a-main', 'buggy-5@buggy-a-main', 'buggy-6@buggy-a-main',
      'buggy-7@buggy-b-main', 'buggy-8@buggy-b-main', 'buggy-9@buggy-b-main', 'buggy-10@buggy-b-main',
    ]);
    expect(results[1]).toEqual(['truck-1@truck-a-main', 'truck-2@truck-a-main', 'truck-3@truck-a-main', 'truck-4@truck-a-main', 'truck-5@truck-b-main', 'truck-6@truck-b-main']);
  });

  it('rc meeting - a qualifying correction after the mains are confirmed warns and leaves the grids alone', () => {
    const day = qualifiedDay();
    runQualifying(day);
    day.intent('meeting.propose_mains', { event_id: 'rc-cup', group_id: 'truck' });
    day.intent('meeting.confirm_mains', { event_id: 'rc-cup', group_id: 'truck' });
    const before = day.meeting().groups.find((g) => g.group_id === 'truck')!.confirmed;
    // truck-1's laps in round 2 and 3 are struck (a transponder read from the pits): 100 points against truck-6's 192, last.
    for (const round of [2, 3]) {
      const heat = day.meeting().order.find((r) => r.group_id === 'truck' && r.round === round)!;
      for (const p of day.engine.race(heat.run_race_id!)!.passings.filter((x) => x.rider_id === 'truck-1')) day.intent('passing.ignore', { race_id: heat.run_race_id!, ref: p.ref, reason: 'read from the pits' });
    }
    const truck = day.meeting().groups.find((g) => g.group_id === 'truck')!;
    expect(truck.rc_ranking![0]!.rider_id).toBe('truck-2');
    expect(truck.warning).toEqual([
      { kind: 'moved', rider_id: 'truck-1', from_race_id: 'rc-cup-truck-a-main', to_race_id: 'rc-cup-truck-b-main', from_lane: 1, to_lane: 3 },
      { kind: 'lane', rider_id: 'truck-2', race_id: 'rc-cup-truck-a-main', from_lane: 2, to_lane: 1 },
      { kind: 'lane', rider_id: 'truck-3', race_id: 'rc-cup-truck-a-main', from_lane: 3, to_lane: 2 },
      { kind: 'moved', rider_id: 'truck-4', from_race_id: 'rc-cup-truck-b-main', to_race_id: 'rc-cup-truck-a-main', from_lane: 1, to_lane: 3 },
      { kind: 'lane', rider_id: 'truck-5', race_id: 'rc-cup-truck-b-main', from_lane: 2, to_lane: 1 },
      { kind: 'lane', rider_id: 'truck-6', race_id: 'rc-cup-truck-b-main', from_lane: 3, to_lane: 2 },
    ]);
    expect(day.events.filter((e) => e.type === 'meeting.mains_changed').length).toBeGreaterThan(0);
    expect(truck.confirmed).toEqual(before);
  });

  it('rc meeting - several A-mains: legs run one after another and the best count', () => {
    const day = new MeetingDay('rc-cup', dayEvent('rc-cup', [{ class_id: 'buggy', riders: 4 }], 'lap'));
    day.intent('meeting.setup', { event_id: 'rc-cup', rc: { classes: [{ class_id: 'buggy', qualifying_rounds: 1, qualifying_ms: 60_000, main_ms: 60_000, a_mains: { legs: 3, count: 2 } }] } });
    runQualifying(day);
    day.intent('meeting.propose_mains', { event_id: 'rc-cup', group_id: 'buggy' });
    day.intent('meeting.confirm_mains', { event_id: 'rc-cup', group_id: 'buggy' });
    expect(day.meeting().order.filter((r) => r.kind === 'main').map((r) => r.name)).toEqual(['A-Main 1', 'A-Main 2', 'A-Main 3']);
    for (let i = 0; i < 2; i++) day.runHeat(day.stageNext());
    expect(day.meeting().groups[0]!.results).toBeNull();
    day.runHeat(day.stageNext());
    expect(day.meeting().groups[0]!.results!.map((r) => r.rider_id)).toEqual(['buggy-1', 'buggy-2', 'buggy-3', 'buggy-4']);
  });
});
