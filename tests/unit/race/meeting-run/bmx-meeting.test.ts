/** @module A BMX meeting run through the engine as logged intents: 3 classes over 3 motos, transfers and total points, mains proposed, confirmed and run, final results; now and next on the way. */
import { describe, expect, it } from 'vitest';
import { dayEvent, MeetingDay, speed } from './meeting-day.ts';

const CLASSES = [{ class_id: 'b13', riders: 10 }, { class_id: 'g10', riders: 6 }, { class_id: 'g11', riders: 3 }];
const SETUP = { event_id: 'bmx-cup', bmx: { classes: [{ class_id: 'b13' }, { class_id: 'g10' }, { class_id: 'g11' }] } };

function drawnDay(): MeetingDay {
  const day = new MeetingDay('bmx-cup', dayEvent('bmx-cup', CLASSES, 'finish'));
  expect(day.refusal('meeting.setup', SETUP)).toBeNull();
  expect(day.refusal('meeting.draw_motos', { event_id: 'bmx-cup' })).toBeNull();
  return day;
}

/** Every moto of the sheet, staged one by one with meeting.stage_next and run fastest first. */
function runMotos(day: MeetingDay): void {
  for (;;) {
    const next = day.meeting().now_next.at_gate;
    if (next === null || !next.includes('moto')) return;
    day.runMoto(day.stageNext());
  }
}

describe('bmx meeting', () => {
  it('bmx meeting - the draw makes a sheet of 12 motos (b13 in two splits of 5, g10, g11) named Moto 1 … 12, staged in order with the sheet\'s lanes', () => {
    const day = drawnDay();
    const view = day.meeting();
    expect(view.groups.map((g) => [g.group_id, g.splits.map((s) => s.length)])).toEqual([['b13', [5, 5]], ['g10', [6]], ['g11', [3]]]);
    expect(view.order.map((r) => r.name)).toEqual(Array.from({ length: 12 }, (_, i) => `Moto ${i + 1}`));
    expect(view.now_next).toEqual({ running: [], at_gate: 'bmx-cup-moto-1', staging: ['bmx-cup-moto-2', 'bmx-cup-moto-3'], at_gate_number: 1, total: 12 });
    const id = day.stageNext();
    const race = day.engine.race(id)!.race;
    const moto = view.order[0]!;
    expect({ id, name: race.name, class_id: race.class_id, round: race.round }).toEqual({ id: 'bmx-cup-moto-1', name: 'Moto 1', class_id: 'b13', round: 1 });
    expect(day.lanes(id)).toEqual(moto.lineup.map((s) => [s.lane, s.rider_id]));
    expect(day.meeting().now_next).toMatchObject({ at_gate: 'bmx-cup-moto-1', staging: ['bmx-cup-moto-2', 'bmx-cup-moto-3'] });
    day.intent('race.gate', { race_id: id });
    expect(day.meeting().now_next).toMatchObject({ running: ['bmx-cup-moto-1'], at_gate: 'bmx-cup-moto-2', staging: ['bmx-cup-moto-3', 'bmx-cup-moto-4'] });
  });

  it('bmx meeting - the same log draws the same sheet; another draw intent id draws another', () => {
    const a = drawnDay().meeting();
    expect(drawnDay().meeting()).toEqual(a);
    const day = drawnDay();
    day.intent('meeting.draw_motos', { event_id: 'bmx-cup' });
    expect(day.meeting().seed).not.toBe(a.seed);
  });

  it('bmx meeting - 3 classes × 3 motos: transfers sit out, g11 rides total points, mains proposed, confirmed, run, and the final results', () => {
    const day = drawnDay();
    runMotos(day);
    const view = day.meeting();
    // 1-1-2 in each b13 split of 5: four transfer, the slowest of each split rides every moto and no main.
    const b13 = view.groups.find((g) => g.group_id === 'b13')!;
    expect(b13.format_text).toBe('1-1-2');
    expect(b13.transfers!.length).toBe(8);
    const slowest = view.groups[0]!.splits.map((split) => [...split].sort((a, b) => speed(b) - speed(a))[0]!);
    expect(b13.transfers!.map((t) => t.rider_id).sort()).toEqual(view.groups[0]!.splits.flat().filter((id) => !slowest.includes(id)).sort());
    // A moto's transferred riders sat out: round 3 of a b13 split has 3 riders on the gate.
    expect(view.order.filter((r) => r.group_id === 'b13').map((r) => r.lineup.length)).toEqual([5, 5, 4, 4, 3, 3]);
    const g11 = view.groups.find((g) => g.group_id === 'g11')!;
    expect(g11.format_text).toBe('total points');
    expect(g11.results!.map((r) => r.rider_id)).toEqual(['g11-1', 'g11-2', 'g11-3']);
    expect(day.refusal('meeting.propose_mains', { event_id: 'bmx-cup', group_id: 'g11' })).toBe("g11 rides total points (total points): its result is the motos' total, with no main");

    expect(day.refusal('meeting.propose_mains', { event_id: 'bmx-cup', group_id: 'b13' })).toBeNull();
    const proposed = day.meeting().groups.find((g) => g.group_id === 'b13')!.proposed!;
    expect(proposed.map((r) => r.name)).toEqual(['Main']);
    expect(proposed[0]!.lineup.map((s) => s.rider_id).sort()).toEqual(b13.transfers!.map((t) => t.rider_id).sort());
    expect(day.refusal('meeting.confirm_mains', { event_id: 'bmx-cup', group_id: 'b13' })).toBeNull();
    expect(day.refusal('meeting.propose_mains', { event_id: 'bmx-cup', group_id: 'g10' })).toBeNull();
    // Staff swap lanes 1 and 2 of the g10 main.
    const g10Main = day.meeting().groups.find((g) => g.group_id === 'g10')!.proposed![0]!;
    const swapped = g10Main.lineup.map((s) => ({ rider_id: s.rider_id!, lane: s.lane === 1 ? 2 : s.lane === 2 ? 1 : s.lane }));
    expect(day.refusal('meeting.confirm_mains', { event_id: 'bmx-cup', group_id: 'g10', races: [{ race_id: g10Main.race_id, lineup: swapped }] })).toBeNull();

    const after = day.meeting();
    expect(after.order.slice(12).map((r) => [r.number, r.name, r.class_ids[0]])).toEqual([[13, 'Main', 'b13'], [14, 'Main', 'g10']]);
    expect(after.now_next).toMatchObject({ at_gate_number: 13, total: 14 });
    const b13Main = day.stageNext();
    expect(day.engine.race(b13Main)!.race.name).toBe('Main');
    day.runMoto(b13Main);
    const g10Run = day.stageNext();
    expect(day.lanes(g10Run)).toEqual(swapped.map((s) => [s.lane, s.rider_id]).sort((a, b) => Number(a[0]) - Number(b[0])));
    day.runMoto(g10Run, ['g10-1']);

    const final = day.meeting();
    const b13Final = final.groups.find((g) => g.group_id === 'b13')!.results!;
    expect(b13Final.slice(0, 8).map((r) => r.rider_id)).toEqual([...proposed[0]!.lineup.map((s) => s.rider_id!)].sort((a, b) => speed(a) - speed(b)));
    expect(b13Final.slice(8).map((r) => r.from)).toEqual(['motos', 'motos']);
    // g10-1 did not start the main: last of the main, behind everyone who rode it.
    expect(final.groups.find((g) => g.group_id === 'g10')!.results!.map((r) => r.rider_id)).toEqual(['g10-2', 'g10-3', 'g10-4', 'g10-5', 'g10-6', 'g10-1']);
    // The standings total the motos only (24 rides of b13 on the sheet): the main is the class's result, not more moto points.
    const mainRuns = new Set(final.order.filter((r) => r.kind !== 'moto').map((r) => r.run_race_id));
    const b13Rides = day.engine.standings('bmx-cup', 'b13')[0]!.rows.flatMap((row) => row.results.map((x) => x.race_id));
    expect([b13Rides.length, b13Rides.filter((id) => mainRuns.has(id))]).toEqual([24, []]);
    expect(final.now_next).toEqual({ running: [], at_gate: null, staging: [], at_gate_number: null, total: 14 });
    expect(day.refusal('meeting.stage_next', { event_id: 'bmx-cup' })).toBe('every race of the running order has been staged: propose and confirm the next mains');
  });

  it('bmx meeting - a correction after the mains are confirmed warns with what would change and changes no main', () => {
    const day = drawnDay();
    runMotos(day);
    day.intent('meeting.propose_mains', { event_id: 'bmx-cup', group_id: 'g10' });
    day.intent('meeting.confirm_mains', { event_id: 'bmx-cup', group_id: 'g10' });
    const confirmed = day.meeting().groups.find((g) => g.group_id === 'g10')!.confirmed;
    // g10-2 won moto 2 of g10 and transferred; the referee strikes that finish (a wrong read): now a DNS.
    const moto = day.meeting().order.find((r) => r.group_id === 'g10' && r.round === 2)!;
    const crossing = day.engine.race(moto.run_race_id!)!.passings.find((p) => p.rider_id === 'g10-2')!;
    const events = day.intent('passing.ignore', { race_id: moto.run_race_id!, ref: crossing.ref, reason: 'wrong transponder' });
    const warning = events.find((e) => e.type === 'meeting.mains_changed');
    expect(warning?.type === 'meeting.mains_changed' && warning.payload.group_id).toBe('g10');
    const changes = warning?.type === 'meeting.mains_changed' ? warning.payload.changes : [];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.kind === 'lane')).toBe(true);
    const view = day.meeting().groups.find((g) => g.group_id === 'g10')!;
    expect(view.warning).toEqual(changes);
    expect(view.confirmed).toEqual(confirmed);
    // The main staged next is the confirmed one, lanes as confirmed.
    const main = day.stageNext();
    expect(day.lanes(main)).toEqual(confirmed[0]!.lineup.map((s) => [s.lane, s.rider_id]));
  });

  it('bmx meeting - intents that do not fit the state are refused with the reason', () => {
    const day = new MeetingDay('bmx-cup', dayEvent('bmx-cup', CLASSES, 'finish'));
    expect(day.refusal('meeting.draw_motos', { event_id: 'bmx-cup' })).toBe('event bmx-cup has no meeting: send meeting.setup first');
    expect(day.refusal('meeting.setup', { event_id: 'nope', bmx: SETUP.bmx })).toBe('event nope is not set up: send event.setup first');
    expect(day.refusal('meeting.setup', { event_id: 'bmx-cup', bmx: { classes: [{ class_id: 'g99' }] } })).toBe('class g99 is not in event bmx-cup');
    day.intent('meeting.setup', SETUP);
    expect(day.refusal('meeting.stage_next', { event_id: 'bmx-cup' })).toBe('the meeting has no races yet: draw the motos, or set up RC classes with drivers');
    expect(day.refusal('meeting.draw_motos', { event_id: 'bmx-cup', seeding: { g99: ['x'] } })).toBe("seeding names class g99, which is not one of the meeting's BMX classes");
    day.intent('meeting.draw_motos', { event_id: 'bmx-cup' });
    expect(day.refusal('meeting.propose_mains', { event_id: 'bmx-cup', group_id: 'b13' })).toBe('b13 waits for Moto 1, Moto 2, Moto 5, Moto 6, Moto 9, Moto 10');
    expect(day.refusal('meeting.confirm_mains', { event_id: 'bmx-cup', group_id: 'b13' })).toBe('b13 has no mains proposed: send meeting.propose_mains first');
    expect(day.refusal('meeting.propose_mains', { event_id: 'bmx-cup', group_id: 'x1' })).toBe('no group x1 in the meeting (groups: b13, g10, g11)');
    const first = day.stageNext();
    expect(day.refusal('meeting.stage_next', { event_id: 'bmx-cup' })).toBe(`race ${first} is staged and not started: start it or reset it first`);
    expect(day.refusal('meeting.draw_motos', { event_id: 'bmx-cup' })).toBe('Moto 1 has been staged: the moto sheet is final');
    expect(day.refusal('meeting.setup', SETUP)).toBe(`the meeting has begun (race ${first} was staged): its setup is fixed`);
    day.intent('race.gate', { race_id: first });
    // g10 rides Moto 3 (round 1) and Moto 7 (round 2): round 2 needs round 1's transfers.
    expect(day.refusal('meeting.stage_next', { event_id: 'bmx-cup', race_id: 'bmx-cup-moto-7' })).toBe("Moto 7 waits for Moto 3's result: riders who transfer from it sit out");
    expect(day.refusal('meeting.stage_next', { event_id: 'bmx-cup', race_id: first })).toBe(`Moto 1 is running (race ${first})`);
    // A reset moto is run again under a new race id.
    day.intent('race.reset', { race_id: first });
    expect(day.stageNext()).toBe(`${first}-2`);
  });
});
