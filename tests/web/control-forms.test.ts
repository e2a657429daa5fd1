/** @module Race-control forms as data: event drafts to `event.setup`, the pasted rider list, lineups with lanes, durations, API errors. */
import { describe, expect, test } from 'vitest';
import { describeError } from '../../web/control/api.ts';
import { draftFromEvent, draftToArgs, makeRiderId, parseRiderLines, type EventDraft } from '../../web/control/event-form.ts';
import { defaultClass, defaultFormat, emptyStage, nextFreeLane, pickAll, parseDuration, proposeRace, renumberLanes, setLane, stageArgs, togglePick } from '../../web/control/stage-model.ts';
import { eventSetupSchema, raceStageSchema } from '../../shared/contracts/control.ts';

const draft: EventDraft = {
  event_id: 'club-day',
  name: ' Club day ',
  date: '2025-06-01',
  classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }, { class_id: 'open', name: 'Open', format: '' }],
  riders: [
    { rider_id: 'p42', name: 'Sam Lee', plate: '42', class_id: 'boys-13', transponders: '1234567, 7654321' },
    { rider_id: 'ana', name: 'Ana Ruiz', plate: '', class_id: '', transponders: '' },
  ],
  decoders: [{ decoder_id: '1', name: '', role: 'finish', clock_offset_us: '' }, { decoder_id: '2', name: 'Hill', role: 'start', clock_offset_us: '-1500' }],
};

describe('control forms', () => {
  test('control forms - an event draft becomes event.setup arguments the contract accepts', () => {
    const args = draftToArgs(draft);
    expect(args).toEqual({
      event_id: 'club-day',
      name: 'Club day',
      date: '2025-06-01',
      classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }, { class_id: 'open', name: 'Open' }],
      riders: [
        { rider_id: 'p42', name: 'Sam Lee', plate: '42', class_id: 'boys-13', transponders: [1234567, 7654321] },
        { rider_id: 'ana', name: 'Ana Ruiz', transponders: [] },
      ],
      decoders: [{ decoder_id: 1, role: 'finish' }, { decoder_id: 2, name: 'Hill', role: 'start', clock_offset_us: -1500 }],
    });
    expect(eventSetupSchema.safeParse(args).success).toBe(true);
  });

  test('control forms - a typo in a number reaches the box as text, so the box names the field', () => {
    const args = draftToArgs({ ...draft, riders: [{ ...draft.riders[0]!, transponders: '12a4' }] });
    const result = eventSetupSchema.safeParse(args);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['riders', 0, 'transponders', 0]);
  });

  test('control forms - an event from the box round-trips through the draft, its automatic practice settings kept', () => {
    const event = { event_id: 'club-day', name: 'Club day', date: null, classes: [{ class_id: 'open', name: 'Open', format: null }], riders: [{ rider_id: 'p7', name: 'Jo', plate: '7', class_id: 'open', transponders: [11, 12] }], decoders: [{ decoder_id: 3, name: null, role: 'lap' as const, clock_offset_us: 250 }], auto_practice: { enabled: false, quiet_ms: 600_000 } };
    const back = draftToArgs(draftFromEvent(event));
    expect(back).toEqual({ event_id: 'club-day', name: 'Club day', classes: [{ class_id: 'open', name: 'Open' }], riders: [{ rider_id: 'p7', name: 'Jo', plate: '7', class_id: 'open', transponders: [11, 12] }], decoders: [{ decoder_id: 3, role: 'lap', clock_offset_us: 250 }], auto_practice: { enabled: false, quiet_ms: 600_000 } });
    expect(eventSetupSchema.parse(back).auto_practice).toEqual({ enabled: false, quiet_ms: 600_000 });
  });

  test('control forms - pasted lines become riders with ids from their plates, a header and blank lines skipped', () => {
    const pasted = parseRiderLines('plate,name,class_id,transponder\n42,Sam Lee,boys-13,1234567\n\n7X, Ana Ruiz ,girls,2345678 3456789\n,Kim Park,,', ['p42']);
    expect(pasted.problems).toEqual([]);
    expect(pasted.riders).toEqual([
      { rider_id: 'p42-2', name: 'Sam Lee', plate: '42', class_id: 'boys-13', transponders: '1234567' },
      { rider_id: 'p7x', name: 'Ana Ruiz', plate: '7X', class_id: 'girls', transponders: '2345678 3456789' },
      { rider_id: 'kim-park', name: 'Kim Park', plate: '', class_id: '', transponders: '' },
    ]);
  });

  test('control forms - spreadsheet columns paste too, and a line without a name is reported by number', () => {
    const pasted = parseRiderLines('5\tLee Chan\topen\t99\n6', []);
    expect(pasted.riders.map((r) => [r.rider_id, r.name, r.transponders])).toEqual([['p5', 'Lee Chan', '99']]);
    expect(pasted.problems).toEqual(['line 2: no name (expected plate,name,class_id,transponder)']);
  });

  test('control forms - made rider ids are valid tokens and unique', () => {
    const taken = new Set<string>();
    expect(makeRiderId('', 'Zoë O’Neil', taken)).toBe('zoe-o-neil');
    expect(makeRiderId('', 'Zoë O’Neil', taken)).toBe('zoe-o-neil-2');
    expect(makeRiderId('', '!!!', taken)).toBe('rider');
  });

  test('control forms - BMX picks take lanes 1..n in tap order, refill gaps, and can be renumbered', () => {
    let picks = togglePick([], 'a');
    picks = togglePick(picks, 'b');
    picks = togglePick(picks, 'c');
    expect(picks.map((p) => p.lane)).toEqual(['1', '2', '3']);
    picks = togglePick(picks, 'a');
    expect(nextFreeLane(picks)).toBe(1);
    picks = togglePick(picks, 'd');
    expect(picks.map((p) => `${p.rider_id}${p.lane}`)).toEqual(['b2', 'c3', 'd1']);
    expect(renumberLanes(picks).map((p) => p.lane)).toEqual(['1', '2', '3']);
    expect(setLane(picks, 'c', '8').find((p) => p.rider_id === 'c')!.lane).toBe('8');
  });

  test('control forms - picking a whole class takes everyone for a heat and the first eight, in lanes 1-8, for a gate', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `r${i + 1}`);
    expect(pickAll(ids, false).map((p) => p.rider_id)).toEqual(ids);
    const gate = pickAll(ids, true);
    expect(gate.map((p) => `${p.rider_id}:${p.lane}`)).toEqual(['r1:1', 'r2:2', 'r3:3', 'r4:4', 'r5:5', 'r6:6', 'r7:7', 'r8:8']);
  });

  test('control forms - a full gate gives no ninth lane', () => {
    let picks = togglePick([], 'r0');
    for (let i = 1; i < 9; i += 1) picks = togglePick(picks, `r${i}`);
    expect(picks.at(-1)!.lane).toBe('');
  });

  test('control forms - durations read m:ss, h:mm:ss or bare minutes', () => {
    expect(parseDuration('5:00')).toBe(300_000);
    expect(parseDuration('0:45')).toBe(45_000);
    expect(parseDuration('1:02:03')).toBe(3_723_000);
    expect(parseDuration('8')).toBe(480_000);
    expect(parseDuration('5:75')).toBeNull();
    expect(parseDuration('five')).toBeNull();
  });

  test('control forms - a staged BMX moto sends lanes and its minimum and maximum time, and the contract accepts it', () => {
    const stage = { ...emptyStage('bmx'), class_id: 'boys-13', name: 'Moto 1', round: '2', min_time_s: '4.5', picks: [{ rider_id: 'a', lane: '1' }, { rider_id: 'b', lane: '2' }] };
    const built = stageArgs(stage, 'club-day');
    expect(built).toEqual({ ok: true, args: { event_id: 'club-day', format: 'bmx', class_id: 'boys-13', name: 'Moto 1', round: 2, lineup: [{ rider_id: 'a', lane: 1 }, { rider_id: 'b', lane: 2 }], min_time_ms: 4500, max_time_ms: 180_000 } });
    expect(raceStageSchema.safeParse(built.ok && built.args).success).toBe(true);
  });

  test('control forms - a timed race sends duration, minimum lap and start mode, without lanes', () => {
    const stage = { ...emptyStage('timed'), duration: '4:30', min_lap_s: '7.5', start_mode: 'mass' as const, picks: [{ rider_id: 'a', lane: '1' }] };
    const built = stageArgs(stage, 'club-day');
    expect(built).toEqual({ ok: true, args: { event_id: 'club-day', format: 'timed', lineup: [{ rider_id: 'a' }], min_lap_ms: 7500, duration_ms: 270_000, start_mode: 'mass' } });
    expect(raceStageSchema.safeParse(built.ok && built.args).success).toBe(true);
    expect(stageArgs({ ...stage, duration: '4m' }, 'club-day')).toEqual({ ok: false, problem: 'duration "4m" is not m:ss' });
  });

  test('control forms - a new race starts on a class with riders and that class’s format; a class without one takes the event’s, then the decoders’', () => {
    const rc = { classes: [{ class_id: 'truck', format: null }, { class_id: 'buggy', format: 'timed' as const }], riders: [{ class_id: 'buggy' }], decoders: [] };
    expect(defaultClass(rc)).toBe('buggy');
    expect(defaultFormat(rc, 'buggy')).toBe('timed');
    // An RC night's class with no format of its own is still timed, never a BMX moto.
    expect(defaultFormat(rc, 'truck')).toBe('timed');
    expect(defaultFormat(rc, '')).toBe('timed');
    expect(defaultFormat({ classes: [{ class_id: 'open', format: null }], riders: [], decoders: [{ role: 'start' }, { role: 'finish' }] }, 'open')).toBe('bmx');
    expect(defaultFormat({ classes: [], riders: [], decoders: [{ role: 'lap' }] }, '')).toBe('timed');
    expect(defaultClass({ classes: [], riders: [], decoders: [] })).toBe('');
  });

  test('control forms - the next race of a class is named as people read it: Moto 2, Heat 3, Main after three motos, a reset race’s number again', () => {
    const race = (class_id: string | null, format: 'bmx' | 'timed' | 'practice', name: string, status = 'finished') => ({ class_id, format, name, status });
    expect(proposeRace([], 'boys-13', 'bmx')).toEqual({ name: 'Moto 1', round: '1' });
    const day = [race('boys-13', 'bmx', 'Moto 1'), race('girls-13', 'bmx', 'Moto 1'), race('girls-13', 'bmx', 'Moto 2'), race('boys-13', 'bmx', 'Moto 2', 'reset')];
    expect(proposeRace(day, 'boys-13', 'bmx')).toEqual({ name: 'Moto 2', round: '2' });
    expect(proposeRace(day, 'girls-13', 'bmx')).toEqual({ name: 'Moto 3', round: '3' });
    expect(proposeRace([...day, race('girls-13', 'bmx', 'Moto 3')], 'girls-13', 'bmx')).toEqual({ name: 'Main', round: '' });
    // Races the box named itself still count; a main typed by hand does not move the heats.
    expect(proposeRace([race('buggy', 'timed', 'Heat r4'), race('buggy', 'timed', 'Heat 2'), race('buggy', 'timed', 'A-Main')], 'buggy', 'timed')).toEqual({ name: 'Heat 3', round: '3' });
    expect(proposeRace([race(null, 'practice', 'Practice 1')], '', 'practice')).toEqual({ name: 'Practice 2', round: '' });
  });

  test('control forms - API errors become lines: each bad field, wrong PIN, or the refusal text', () => {
    expect(describeError(400, { error: 'invalid', issues: [{ path: 'lineup.0.lane', message: 'lane must be 1-8' }, { path: ['name'], message: 'too long' }] })).toEqual(['lineup.0.lane: lane must be 1-8', 'name: too long']);
    expect(describeError(401, { error: 'unauthorized' })).toEqual(['Wrong PIN: check the operator PIN and try again.']);
    expect(describeError(409, { error: 'race m1 is already running' })).toEqual(['race m1 is already running']);
    expect(describeError(500, null)).toEqual(['The box answered HTTP 500.']);
  });
});
