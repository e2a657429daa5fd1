/** @module Practice from logs: any transponder laps, the best-lap board, double reads rejected, a pit stop starting a new run, session stats. */
import { expect, it } from 'vitest';
import { MAX_PRACTICE_ROWS } from '../../../shared/race/competitors.ts';
import { RaceEngine, type PracticeRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = 1_700_000_000_000_000;
const DEC = 7;

function session(): { log: RaceLog; engine: RaceEngine } {
  const log = new RaceLog();
  log.getTime(DEC, T0 - 700e6, 0);
  log.intent('event.setup', { event_id: 'open-practice', name: 'Open practice', riders: [{ rider_id: 'eve', name: 'Eve', plate: '5', transponders: [5005] }] }, T0 - 600e6);
  log.intent('race.stage', { event_id: 'open-practice', race_id: 'p1', format: 'practice' }, T0 - 10e6);
  log.intent('race.start', { race_id: 'p1' }, T0);
  let pn = 1;
  const at = (s: number, transponder: number) => log.passing(DEC, pn++, transponder, T0 + s * 1e6, 0, 0);
  at(2, 5005);
  at(3, 9_123_456);
  at(20, 5005); // 18.0
  at(22.5, 5005); // 2.5: double read
  at(24, 9_123_456); // 21.0
  at(37.5, 5005); // 17.5
  at(45, 9_123_456); // 21.0
  at(300, 9_123_456); // back from the pits: a new run, not a 255 s lap
  at(319, 9_123_456); // 19.0
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  return { log, engine };
}

it('practice - any transponder laps; the board ranks by best lap with names where the event knows the transponder', () => {
  const { engine } = session();
  const view = engine.race('p1')!.race as PracticeRaceView;
  expect(view.status).toBe('running');
  expect(view.rows.map((r) => [r.position, r.name, r.best_lap_ms, r.best_lap_number, r.last_lap_ms, r.laps, r.rejected_laps])).toEqual([
    [1, 'Eve', 17_500, 2, 17_500, 2, 1],
    [2, '#9123456', 19_000, 3, 19_000, 3, 0],
  ]);
  // The best lap says where it came from: Eve's lap 2, completed by the crossing at 37.5 s.
  expect(view.stats).toEqual({ total_laps: 5, drivers: 2, best: { transponder: 5005, name: 'Eve', lap_ms: 17_500, lap: 2, at_us: T0 + 37_500_000 } });
  expect(view.rows[0]!.best_lap_at_us).toBe(T0 + 37_500_000);
});

it('practice - ends only when staff stop it, and then takes no more laps', () => {
  const { log, engine } = session();
  engine.apply(log.intent('race.force_finish', { race_id: 'p1' }, T0 + 400e6));
  engine.apply(log.passing(DEC, 99, 5005, T0 + 410e6, 0, 0));
  const view = engine.race('p1')!.race as PracticeRaceView;
  expect(view).toMatchObject({ status: 'finished', finish_reason: 'force_finish' });
  expect(view.stats.total_laps).toBe(5);
});

it('practice - a crossing staff add for a rider not read yet gives them a row, which their transponder then joins', () => {
  const { log, engine } = session();
  engine.apply(log.intent('event.setup', { event_id: 'open-practice', name: 'Open practice', riders: [{ rider_id: 'eve', name: 'Eve', plate: '5', transponders: [5005] }, { rider_id: 'max', name: 'Max', plate: '8', transponders: [6006] }] }, T0 + 320e6));
  engine.apply(log.intent('passing.add', { race_id: 'p1', rider_id: 'max', time_ms: 330_000, reason: 'loop missed the car' }, T0 + 340e6));
  engine.apply(log.intent('passing.add', { race_id: 'p1', rider_id: 'max', time_ms: 350_000, reason: 'loop missed the car' }, T0 + 360e6));
  engine.apply(log.passing(DEC, 50, 6006, T0 + 371e6, 0, 0));
  const rows = (engine.race('p1')!.race as PracticeRaceView).rows.filter((r) => r.name === 'Max');
  expect(rows.map((r) => [r.rider_id, r.transponder, r.laps, r.best_lap_ms, r.last_lap_ms])).toEqual([['max', 6006, 2, 20_000, 21_000]]);
});

it('practice - a board full of transponders gives no more rows: later new transponders are counted as off the board, the same after a rescore and from a snapshot', () => {
  const log = new RaceLog();
  log.getTime(DEC, T0 - 700e6, 0);
  log.intent('event.setup', { event_id: 'open-practice', name: 'Open practice', riders: [] }, T0 - 600e6);
  log.intent('race.stage', { event_id: 'open-practice', race_id: 'p1', format: 'practice' }, T0 - 10e6);
  log.intent('race.start', { race_id: 'p1' }, T0);
  let pn = 1;
  // Each car twice, 30 s apart: one lap each.
  for (const lap of [0, 30]) for (let car = 0; car < MAX_PRACTICE_ROWS + 10; car++) log.passing(DEC, pn++, 400_000 + car, T0 + (1 + lap + car * 0.01) * 1e6, 0, 0);
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  const view = () => engine.race('p1')!.race as PracticeRaceView;
  expect(view().rows).toHaveLength(MAX_PRACTICE_ROWS);
  expect(new Set(view().rows.map((r) => r.transponder)).has(400_000 + MAX_PRACTICE_ROWS)).toBe(false);
  expect(view().stats).toMatchObject({ drivers: MAX_PRACTICE_ROWS, total_laps: MAX_PRACTICE_ROWS, off_board: 20 });
  const before = JSON.stringify(view());
  expect(JSON.stringify(RaceEngine.fromSnapshot(engine.snapshot()).race('p1')!.race)).toBe(before);
  // A crossing older than the last ones rescores the race from its crossings: the same rows, the same count.
  engine.apply(log.passing(DEC, pn++, 400_000, T0 + 45e6, 0, 0));
  expect(view().rows).toHaveLength(MAX_PRACTICE_ROWS);
  expect(view().stats.off_board).toBe(20);
});

it('practice - a board with room says nothing of off-board crossings', () => {
  const { engine } = session();
  expect('off_board' in (engine.race('p1')!.race as PracticeRaceView).stats).toBe(false);
});
