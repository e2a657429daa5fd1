/** @module Several decoders with their own clocks: gate on the hill decoder, finish on another; offsets from GET_TIME, from setup, frozen per race. */
import { expect, it } from 'vitest';
import { RaceEngine, type BmxRaceView, type TimedRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const BOX = 1_700_000_000_000_000;
const HILL = 101;
const FINISH = 202;
/** The hill decoder's clock runs 5.25 s ahead of the box, the finish decoder's 3.1 s behind. */
const HILL_OFFSET = 5_250_000;
const FINISH_OFFSET = -3_100_000;

function event(log: RaceLog, decoders: Record<string, unknown>[]): void {
  log.intent('event.setup', {
    event_id: 'state-champs', name: 'State championship',
    riders: [{ rider_id: 'max', name: 'Max', transponders: [111] }, { rider_id: 'zoe', name: 'Zoe', transponders: [222] }],
    decoders,
  }, BOX - 500e6);
}

function moto(log: RaceLog): void {
  log.intent('race.stage', { event_id: 'state-champs', race_id: 'm1', format: 'bmx', lineup: [{ rider_id: 'max', lane: 1 }, { rider_id: 'zoe', lane: 2 }] }, BOX - 30e6);
  // Gate drops at box time BOX; the hill decoder stamps it with its own clock.
  log.passing(HILL, 1, 9991, BOX + HILL_OFFSET, HILL_OFFSET);
  log.passing(HILL, 2, 111, BOX + 2e6 + HILL_OFFSET, HILL_OFFSET); // hill loop: seen, not a finish
  log.passing(FINISH, 1, 222, BOX + 36_500_000 + FINISH_OFFSET, FINISH_OFFSET);
  log.passing(FINISH, 2, 111, BOX + 37_250_000 + FINISH_OFFSET, FINISH_OFFSET);
}

it('two decoders - GET_TIME offsets put gate and finish on one timeline', () => {
  const log = new RaceLog();
  log.getTime(HILL, BOX - 900e6, HILL_OFFSET);
  log.getTime(FINISH, BOX - 900e6, FINISH_OFFSET);
  event(log, [{ decoder_id: HILL, role: 'start' }, { decoder_id: FINISH, role: 'finish' }]);
  moto(log);
  const engine = RaceEngine.create();
  const events = log.envelopes.flatMap((e) => engine.apply(e));
  const view = engine.race('m1')!.race as BmxRaceView;
  expect(view.rows.map((r) => [r.rider_id, r.place, r.elapsed_ms, r.gap_ms])).toEqual([['max', 2, 37_250, 750], ['zoe', 1, 36_500, 0]]);
  expect(view.status).toBe('finished');
  expect(events.filter((e) => e.type === 'decoder.clock').map((e) => e.payload)).toEqual([
    { decoder_id: HILL, clock_offset_us: HILL_OFFSET, source: 'get_time' },
    { decoder_id: FINISH, clock_offset_us: FINISH_OFFSET, source: 'get_time' },
  ]);
});

it('two decoders - an offset configured in the event setup wins over the learned one', () => {
  const log = new RaceLog();
  log.getTime(HILL, BOX - 900e6, HILL_OFFSET);
  log.getTime(FINISH, BOX - 900e6, 0); // a wrong reading: the finish decoder's clock was synchronised by hand
  event(log, [{ decoder_id: HILL, role: 'start' }, { decoder_id: FINISH, role: 'finish', clock_offset_us: FINISH_OFFSET }]);
  moto(log);
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  expect((engine.race('m1')!.race as BmxRaceView).rows.map((r) => r.elapsed_ms)).toEqual([37_250, 36_500]);
});

it('two decoders - a reconnect mid-race with a new GET_TIME does not shift that race', () => {
  const log = new RaceLog();
  log.getTime(HILL, BOX - 900e6, HILL_OFFSET);
  log.getTime(FINISH, BOX - 900e6, FINISH_OFFSET);
  event(log, [{ decoder_id: HILL, role: 'start' }, { decoder_id: FINISH, role: 'finish' }]);
  log.intent('race.stage', { event_id: 'state-champs', race_id: 'm1', format: 'bmx', lineup: [{ rider_id: 'max', lane: 1 }] }, BOX - 30e6);
  log.passing(HILL, 1, 9991, BOX + HILL_OFFSET, HILL_OFFSET);
  log.getTime(FINISH, BOX + 10e6, FINISH_OFFSET + 4_000); // 4 ms of network jitter in the new reading
  log.passing(FINISH, 2, 111, BOX + 37_250_000 + FINISH_OFFSET, FINISH_OFFSET);
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  expect((engine.race('m1')!.race as BmxRaceView).rows[0]!.elapsed_ms).toBe(37_250);
});

it('two decoders - a timed race counts laps only on its lap decoder', () => {
  const log = new RaceLog();
  log.getTime(HILL, BOX - 900e6, 0);
  log.getTime(FINISH, BOX - 900e6, 0);
  event(log, [{ decoder_id: HILL, role: 'start' }, { decoder_id: FINISH, role: 'lap' }]);
  log.intent('race.stage', { event_id: 'state-champs', race_id: 'h1', format: 'timed', start_mode: 'mass', duration_ms: 60_000, lineup: [{ rider_id: 'max' }] }, BOX - 30e6);
  log.intent('race.start', { race_id: 'h1' }, BOX);
  log.passing(FINISH, 1, 111, BOX + 20e6, 0, 0);
  log.passing(HILL, 2, 111, BOX + 30e6, 0, 0);
  log.passing(FINISH, 2, 111, BOX + 40e6, 0, 0);
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  expect((engine.race('h1')!.race as TimedRaceView).rows[0]).toMatchObject({ laps: 2, last_lap_ms: 20_000 });
});
