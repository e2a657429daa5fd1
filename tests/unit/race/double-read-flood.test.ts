/** @module A loop reading one car over and over: every double read counted, only a few kept with their times, nothing published past those, the race bounded, replay and snapshots alike, and an ignored lap still rescored right. */
import { expect, it } from 'vitest';
import { RaceEngine, type PracticeRaceView, type TimedRaceView } from '../../../shared/race/index.ts';
import { REJECTS_KEPT_PER_LAP } from '../../../shared/race/scoring.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = 1_700_000_000_000_000;
const DEC = 7;
const READS = 1000;

/** Eve laps at 0 and 30 s, then her transponder is read every millisecond for a second; Max laps normally throughout. */
function flood(format: 'practice' | 'timed'): { log: RaceLog; derived: number[]; engine: RaceEngine } {
  const log = new RaceLog();
  log.getTime(DEC, T0 - 700e6, 0);
  log.intent('event.setup', { event_id: 'night', name: 'Club night', classes: [{ class_id: 'open', name: 'Open' }], riders: [{ rider_id: 'eve', name: 'Eve', class_id: 'open', transponders: [5005] }, { rider_id: 'max', name: 'Max', class_id: 'open', transponders: [6006] }] }, T0 - 600e6);
  const lineup = format === 'timed' ? { class_id: 'open', lineup: [{ rider_id: 'eve' }, { rider_id: 'max' }], duration_ms: 600_000 } : {};
  log.intent('race.stage', { event_id: 'night', race_id: 'r1', format, ...lineup }, T0 - 10e6);
  log.intent('race.start', { race_id: 'r1' }, T0);
  let pn = 1;
  const at = (us: number, transponder: number) => log.passing(DEC, pn++, transponder, T0 + us, 0, 0);
  at(1e6, 5005);
  at(2e6, 6006);
  at(31e6, 5005);
  for (let i = 1; i <= READS; i++) at(31e6 + i * 1000, 5005);
  at(33e6, 6006);
  at(62e6, 5005);
  for (let i = 1; i <= 10; i++) at(62e6 + i * 1000, 5005);
  const engine = RaceEngine.create();
  const derived = log.envelopes.map((e) => engine.apply(e).length);
  return { log, derived, engine };
}

const eve = (engine: RaceEngine) => (engine.race('r1')!.race as PracticeRaceView | TimedRaceView).rows.find((r) => r.rider_id === 'eve')!;

for (const format of ['practice', 'timed'] as const) {
  it(`double-read flood - ${format}: every double read is counted, ${REJECTS_KEPT_PER_LAP} per lap are kept with their times, and the rest publish nothing and leave no crossing`, () => {
    const { log, derived, engine } = flood(format);
    expect(eve(engine)).toMatchObject({ laps: format === 'timed' ? 2 : 2, rejected_laps: READS + 10 });
    const detail = engine.race('r1')!;
    expect(detail.laps.eve!.filter((l) => l.rejected)).toHaveLength(2 * REJECTS_KEPT_PER_LAP);
    // Eve's crossings: 3 laps' worth plus the kept double reads; Max's 2.
    expect(detail.passings.length).toBe(3 + 2 * REJECTS_KEPT_PER_LAP + 2);
    const firstRead = log.envelopes.findIndex((e) => e.message_type === 'PASSING' && (e.payload.record as { passing_number: number }).passing_number === 4);
    expect(derived.slice(firstRead, firstRead + READS).filter((n) => n > 0)).toHaveLength(REJECTS_KEPT_PER_LAP);
    expect(engine.snapshot().length).toBeLessThan(20_000);
  });
}

it('double-read flood - a snapshot taken mid-flood resumes to the same race as replaying the whole log', () => {
  const { log, engine } = flood('practice');
  const half = Math.floor(log.envelopes.length / 2);
  const first = RaceEngine.create();
  for (const e of log.envelopes.slice(0, half)) first.apply(e);
  const resumed = RaceEngine.fromSnapshot(first.snapshot());
  for (const e of log.envelopes.slice(half)) resumed.apply(e);
  expect(resumed.snapshot()).toBe(engine.snapshot());
  expect(resumed.race('r1')).toEqual(engine.race('r1'));
});

it('double-read flood - an ignored lap makes the first kept double read the lap, and the count of double reads stays exact', () => {
  const { log, engine } = flood('practice');
  engine.apply(log.intent('passing.ignore', { race_id: 'r1', ref: `${DEC}:3`, reason: 'wrong car on the loop' }, T0 + 100e6, 'chief'));
  // 31.001 s is now Eve's lap (30.001 s); every later read of that second is a double read of it.
  expect(eve(engine)).toMatchObject({ laps: 2, best_lap_ms: 30_001, rejected_laps: READS - 1 + 10 });
  const again = RaceEngine.create();
  for (const e of log.envelopes) again.apply(e);
  expect(again.snapshot()).toBe(engine.snapshot());
});

it('double-read flood - late double reads (a resend of the flood) are counted without rescoring the race; a late real lap still rescores it', () => {
  const { log, engine } = flood('practice');
  const before = eve(engine).rejected_laps;
  const resent = Array.from({ length: 200 }, (_, i) => engine.apply(log.passing(DEC, 5000 + i, 5005, T0 + 62e6 + 2e6 + i * 1000 - 31e6, 0, 0)));
  expect(resent.flat()).toEqual([]);
  expect(eve(engine)).toMatchObject({ laps: 2, rejected_laps: before + 200 });
  // A crossing the loop missed at 46 s, resent: Eve's 31 s lap splits in two.
  const late = engine.apply(log.passing(DEC, 6000, 5005, T0 + 46e6, 0, 0));
  expect(late.map((d) => (d.payload as { change?: { kind: string } }).change?.kind)).toEqual(['rescored']);
  expect(eve(engine)).toMatchObject({ laps: 3 });
  const again = RaceEngine.create();
  for (const e of log.envelopes) again.apply(e);
  expect(again.race('r1')).toEqual(engine.race('r1'));
});
