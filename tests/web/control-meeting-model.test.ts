/** @module Race control's meeting model as data: setup defaults from the event to a `meeting.setup` the contract accepts, the sheet folded by round with the current one open, and a mains warning in words. */
import { describe, expect, test } from 'vitest';
import { meetingSetupSchema } from '../../shared/contracts/meeting.ts';
import { changeText, foldsOf, ridersOf, setupArgs, setupDraft, type MeetingRaceView, type MeetingView } from '../../web/control/meeting-model.ts';
import type { EventView } from '../../web/shared/live-types.ts';

const EVENT: EventView = {
  event_id: 'mixed-day',
  name: 'Mixed day',
  date: null,
  classes: [
    { class_id: 'boys-13', name: 'Boys 13', format: 'bmx' },
    { class_id: 'buggy', name: '2WD Buggy', format: 'timed' },
    { class_id: 'warmup', name: 'Warm-up', format: 'practice' },
  ],
  riders: [{ rider_id: 'r1', name: 'Sam Lee', plate: '42', class_id: 'boys-13', transponders: [] }, { rider_id: 'r2', name: 'Ana Ruiz', plate: null, class_id: 'boys-13', transponders: [] }],
  decoders: [],
  auto_practice: { enabled: false, quiet_ms: 0 },
};

const race = (n: number, round: number | null, status: MeetingRaceView['status'], name = `Moto ${n}`): MeetingRaceView => ({
  race_id: `r-${n}`, name, kind: round === null ? 'stage' : 'moto', format: 'bmx', group_id: 'boys-13', class_ids: ['boys-13'], round, lineup: [], number: n, status, run_race_id: null,
});

const view = (order: MeetingRaceView[], atGate: string | null, running: string[] = []): MeetingView =>
  ({ event_id: 'mixed-day', revision: 1, setup: { bmx: null, rc: null }, seed: 1, order, now_next: { running, at_gate: atGate, staging: [], at_gate_number: null, total: order.length }, groups: [] });

describe('control meeting model', () => {
  test('control meeting model - each class as its format says, practice left out, and the body the contract accepts', () => {
    const draft = setupDraft(EVENT);
    expect(draft.classes.map((c) => [c.class_id, c.kind])).toEqual([['boys-13', 'bmx'], ['buggy', 'rc'], ['warmup', null]]);
    draft.classes[1] = { ...draft.classes[1]!, rc: 'round_points' };
    const args = setupArgs('mixed-day', draft);
    expect(args).toEqual({
      event_id: 'mixed-day',
      bmx: { rounds: 3, classes: [{ class_id: 'boys-13', format: 'transfer' }] },
      rc: { classes: [{ class_id: 'buggy', qualifying_rounds: 3, ranking: { kind: 'round_points', count: 2 }, main_size: 10, bumps: 0 }] },
    });
    expect(meetingSetupSchema.safeParse(args).success).toBe(true);
    expect(meetingSetupSchema.safeParse(setupArgs('mixed-day', { rounds: 1, mainSize: 4, bumps: 1, classes: [{ ...draft.classes[1]! }] })).success).toBe(true);
  });

  test('control meeting model - the sheet folds by round then mains; the round with the race at the gate is open, else the first not run', () => {
    const order = [race(1, 1, 'finished'), race(2, 1, 'finished'), race(3, 2, 'staged'), race(4, 2, 'waiting'), race(5, null, 'waiting', 'Main')];
    const folds = foldsOf(view(order, 'r-3'));
    expect(folds.map((f) => [f.title, f.races.length, f.current])).toEqual([['Round 1', 2, false], ['Round 2', 2, true], ['Mains', 1, false]]);
    const done = order.map((r) => (r.round !== null ? { ...r, status: 'finished' as const } : r));
    expect(foldsOf(view(done, null)).map((f) => f.current)).toEqual([false, false, true]);
  });

  test('control meeting model - a warning line names the rider by plate and name and the race by its name', () => {
    const riders = ridersOf(EVENT);
    const name = (id: string) => (id === 'main-1' ? 'Main' : id);
    expect(changeText({ kind: 'lane', rider_id: 'r1', race_id: 'main-1', from_lane: 4, to_lane: 1 }, riders, name)).toBe('42 Sam Lee would take lane 1 in Main, not lane 4');
    expect(changeText({ kind: 'out', rider_id: 'r2', race_id: 'main-1', lane: 3 }, riders, name)).toBe('Ana Ruiz would drop out of Main (lane 3)');
    expect(riders.label(null)).toBe('open place (bump)');
  });
});
