/** @module A whole meeting replays identically: a BMX day and an RC day, from the log and resumed from a snapshot taken after every envelope. */
import { expect, it } from 'vitest';
import { RaceEngine } from '../../../../shared/race/index.ts';
import { dayEvent, MeetingDay } from './meeting-day.ts';

function bmxDay(): MeetingDay {
  const day = new MeetingDay('bmx-cup', dayEvent('bmx-cup', [{ class_id: 'b13', riders: 9 }, { class_id: 'g10', riders: 4 }], 'finish'));
  day.intent('meeting.setup', { event_id: 'bmx-cup', bmx: { classes: [{ class_id: 'b13' }, { class_id: 'g10' }] } });
  day.intent('meeting.draw_motos', { event_id: 'bmx-cup' });
  while (day.meeting().now_next.at_gate !== null) day.runMoto(day.stageNext());
  for (const group_id of ['b13', 'g10']) {
    day.intent('meeting.propose_mains', { event_id: 'bmx-cup', group_id });
    day.intent('meeting.confirm_mains', { event_id: 'bmx-cup', group_id });
  }
  // A correction after the mains are confirmed: the warning is part of what must replay alike.
  const moto = day.meeting().order.find((r) => r.group_id === 'g10' && r.round === 1)!;
  const crossing = day.engine.race(moto.run_race_id!)!.passings[0]!;
  day.intent('passing.ignore', { race_id: moto.run_race_id!, ref: crossing.ref, reason: 'wrong read' });
  while (day.meeting().now_next.at_gate !== null) day.runMoto(day.stageNext());
  return day;
}

function rcDay(): MeetingDay {
  const day = new MeetingDay('rc-cup', dayEvent('rc-cup', [{ class_id: 'buggy', riders: 7 }], 'lap'));
  day.intent('meeting.setup', { event_id: 'rc-cup', rc: { classes: [{ class_id: 'buggy', heat_size: 4, qualifying_rounds: 2, main_size: 5, bumps: 1, qualifying_ms: 20_000, main_ms: 20_000 }] } });
  while (day.meeting().order.some((r) => r.status === 'waiting' && r.kind === 'qualifier')) day.runHeat(day.stageNext(), 20);
  day.intent('meeting.propose_mains', { event_id: 'rc-cup', group_id: 'buggy' });
  day.intent('meeting.confirm_mains', { event_id: 'rc-cup', group_id: 'buggy' });
  while (day.meeting().now_next.at_gate !== null) day.runHeat(day.stageNext(), 20);
  return day;
}

for (const [name, build] of [['a BMX', bmxDay], ['an RC', rcDay]] as const) {
  it(`meeting replay - ${name} meeting gives the same events from the log, and from a snapshot after every envelope`, () => {
    const { envelopes } = build().log;
    const replay = (from: number, engine: RaceEngine) => envelopes.slice(from).map((e) => JSON.stringify(engine.applyStep(e)));
    const full = replay(0, RaceEngine.create());
    expect(full.join('\n')).toContain('"meeting.updated"');
    expect(replay(0, RaceEngine.create())).toEqual(full);
    const walker = RaceEngine.create();
    for (let cut = 0; cut <= envelopes.length; cut++) {
      const resumed = RaceEngine.fromSnapshot(walker.snapshot());
      expect(replay(cut, resumed), `${name}, cut ${cut}`).toEqual(full.slice(cut));
      if (cut < envelopes.length) walker.apply(envelopes[cut]!);
    }
  });
}
