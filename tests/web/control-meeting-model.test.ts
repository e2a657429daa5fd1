/** @module Race control's meeting model as data: setup defaults from the event (the contract's own) to a `meeting.setup` the contract accepts, More settings in staff's units, fields checked and refusals named, the sheet folded by round with the current one open, and a mains warning in words. */
import { describe, expect, test } from 'vitest';
import { meetingSetupSchema } from '../../shared/contracts/meeting.ts';
import { USA_BMX_TRANSFERS } from '../../shared/race/meeting/bmx-format.ts';
import { changeText, foldsOf, namedProblem, ridersOf, setupArgs, setupDraft, setupProblems, transferTableChanged, type MeetingRaceView, type MeetingView } from '../../web/control/meeting-model.ts';
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
      bmx: { rounds: 3, gate_size: 8, combine: [], min_time_ms: 10_000, max_time_ms: 180_000, classes: [{ class_id: 'boys-13', format: 'transfer' }] },
      rc: {
        classes: [{ class_id: 'buggy', qualifying_rounds: 3, heat_size: 10, ranking: { kind: 'round_points', count: 2 }, main_size: 10, bumps: 0, a_mains: { legs: 1, count: 1 }, qualifying_ms: 300_000, main_ms: 300_000, min_lap_ms: 5000 }],
      },
    });
    expect(setupProblems(draft)).toEqual([]);
    expect(meetingSetupSchema.safeParse(args).success).toBe(true);
    expect(meetingSetupSchema.safeParse(setupArgs('mixed-day', { ...draft, rounds: 1, mainSize: 4, bumps: 1, classes: [{ ...draft.classes[1]! }] })).success).toBe(true);
  });

  test("control meeting model - the form starts from the contract's defaults, and the box's own transfer table goes unsent until edited", () => {
    const draft = setupDraft(EVENT);
    const filled = meetingSetupSchema.parse({ event_id: 'x', bmx: { classes: [{ class_id: 'boys-13' }] }, rc: { classes: [{ class_id: 'buggy' }] } });
    const { transfer_table: _table, lane_preference: _lanes, ...bmxDefaults } = filled.bmx!;
    const { ranking: _ranking, ...rcDefaults } = filled.rc!.classes[0]!;
    const args = setupArgs('x', draft) as { bmx: Record<string, unknown>; rc: { classes: Record<string, unknown>[] } };
    expect(args.bmx).toEqual({ ...bmxDefaults, classes: [{ class_id: 'boys-13', format: 'transfer' }] });
    expect(args.rc.classes[0]).toEqual({ ...rcDefaults, ranking: { kind: 'best_round' } });
    expect(draft.more.table).toEqual(USA_BMX_TRANSFERS.map((row) => ({ min: String(row.min), max: row.max === null ? '' : String(row.max), counts: row.code?.map(String) ?? null })));
    expect(transferTableChanged(draft.more)).toBe(false);
    // Typed over with the same figure: still the box's table, still not sent.
    const retyped = { ...draft, more: { ...draft.more, table: draft.more.table.map((row) => ({ ...row })) } };
    expect(setupArgs('x', retyped)).not.toHaveProperty('bmx.transfer_table');
  });

  test("control meeting model - More settings in staff's units become the contract's: seconds, minutes, combined letters, an edited table with a row per class size", () => {
    const base = setupDraft({ ...EVENT, classes: [...EVENT.classes, { class_id: 'girls-10', name: 'Girls 10', format: 'bmx' }, { class_id: 'boys-6', name: 'Boys 6', format: 'bmx' }] });
    const eight = base.more.table.findIndex((row) => row.min === '8');
    const table = base.more.table.map((row, i) => (i === eight ? { ...row, counts: ['3', '3', '2'] } : row));
    const draft = {
      ...base,
      rounds: 4,
      classes: base.classes.map((c) => (c.class_id === 'boys-13' || c.class_id === 'boys-6' ? { ...c, combine: 'A' } : c.class_id === 'buggy' ? { ...c, rc: 'consecutive' as const } : c)),
      more: { ...base.more, gateSize: '6', minTimeS: '2.5', maxTimeS: '90', table: [...table, { min: '40', max: '', counts: ['1', '', '2'] }], heatSize: '7', qualifyingLength: '4:30', mainLength: '7.5', minLapS: '3.2', consecutiveLaps: '5', aMainLegs: '3', aMainCount: '2' },
    };
    expect(setupProblems(draft)).toEqual([]);
    const args = setupArgs('mixed-day', draft) as { bmx: Record<string, unknown>; rc: { classes: Record<string, unknown>[] } };
    expect(args.bmx).toMatchObject({ rounds: 4, gate_size: 6, combine: [['boys-13', 'boys-6']], min_time_ms: 2500, max_time_ms: 90_000 });
    const sent = args.bmx.transfer_table as { min: number; max: number | null; code: number[] | null }[];
    // One count per moto of the four rounds; a blank is nobody.
    expect(sent[eight]).toEqual({ min: 8, max: 8, code: [3, 3, 2, 0] });
    expect(sent[0]).toEqual({ min: 1, max: 3, code: null });
    expect(sent.at(-1)).toEqual({ min: 40, max: null, code: [1, 0, 2, 0] });
    expect(args.rc.classes[0]).toMatchObject({ heat_size: 7, qualifying_rounds: 4, ranking: { kind: 'consecutive', laps: 5 }, a_mains: { legs: 3, count: 2 }, qualifying_ms: 270_000, main_ms: 450_000, min_lap_ms: 3200 });
    expect(meetingSetupSchema.safeParse(args).success).toBe(true);
  });

  test('control meeting model - the form names each field out of range before anything is sent', () => {
    const base = setupDraft(EVENT);
    const table = base.more.table.map((row, i) => (i === 1 ? { ...row, max: '2', counts: ['1', '9', '1'] } : row));
    const draft = {
      ...base,
      rounds: 6,
      mainSize: 41,
      bumps: 41,
      classes: base.classes.map((c) => (c.class_id === 'boys-13' ? { ...c, combine: 'A' } : c.class_id === 'buggy' ? { ...c, rc: 'round_points' as const } : c)),
      more: { ...base.more, gateSize: '9', minTimeS: '20', maxTimeS: '15', table, heatSize: '', qualifyingLength: 'soon', mainLength: '0:05', minLapS: '-1', pointsCount: '7', aMainLegs: '2', aMainCount: '3' },
    };
    expect(setupProblems(draft)).toEqual([
      'Rounds: a whole number from 1 to 5',
      'Gate size: a whole number from 2 to 8',
      'Max race time: longer than the min race time (20 s)',
      'Combine A: Boys 13 needs a second class to ride with',
      'Transfer table row 2, riders to (blank: and up): a whole number from 4 to 2000',
      'Transfer table row 2, moto 2: a whole number from 0 to 8',
      'Main size: a whole number from 2 to 40',
      'Heat size: a whole number from 1 to 40',
      'Qualifying heat: minutes (5, 2.5) or m:ss, from 10 s to 60 min',
      'Main length: minutes (5, 2.5) or m:ss, from 10 s to 60 min',
      'Min lap: 0 to 600 seconds',
      'Rounds that count: a whole number from 1 to 6',
      'A-mains that count: a whole number from 1 to 2',
      'Bumps: a whole number from 0 to 10',
    ]);
    expect(setupProblems({ ...base, mainSize: 10, bumps: 10 })).toEqual(['Bumps: fewer than the main size (10)']);
    // A combine letter alone is not sent: the box would refuse a list of one.
    expect(setupArgs('mixed-day', draft)).toHaveProperty('bmx.combine', []);
  });

  test('control meeting model - a field the box refuses is named as the form labels it', () => {
    const draft = setupDraft(EVENT);
    expect(namedProblem('bmx.gate_size: gate_size must be at most 8', draft)).toBe('Gate size: gate_size must be at most 8');
    expect(namedProblem('bmx.transfer_table.2.max: max 3 is below min 4', draft)).toBe('Transfer table row 3, riders to: max 3 is below min 4');
    expect(namedProblem('rc.classes.0.a_mains.count: count 3 is more than the 2 legs', draft)).toBe('A-mains that count (2WD Buggy): count 3 is more than the 2 legs');
    expect(namedProblem('rc.classes.0.ranking.count: count 4 is more than the 3 rounds', draft)).toBe('Rounds that count (2WD Buggy): count 4 is more than the 3 rounds');
    expect(namedProblem('Wrong PIN: check the operator PIN and try again.', draft)).toBe('Wrong PIN: check the operator PIN and try again.');
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
