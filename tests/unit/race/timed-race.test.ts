/** @module Timed (RC) races from logs: the real 2019 session's double read, a missed lap and its correction, time up and the flag, LiveRC-style rows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAll, hexTextToBytes, type PassingRecord } from '../../../shared/p3/index.ts';
import { RaceEngine, type TimedRaceView } from '../../../shared/race/index.ts';
import { describeWithShared, sharedPath } from '../../support/shared-fixtures.ts';
import { RaceLog } from '../../support/race-log.ts';

const SESSION = 'fixtures/p3/vmindru_amb_2019-03-02.hexlines.txt';

function heat(engine: RaceEngine, id = 'heat-1'): TimedRaceView {
  return engine.race(id)!.race as TimedRaceView;
}

function setupDrivers(log: RaceLog, atUs: number, drivers: [string, number][]): void {
  log.intent('event.setup', {
    event_id: 'rc-club',
    name: 'RC club race',
    classes: [{ class_id: 'touring', name: '1/10 Touring', format: 'timed' }],
    riders: drivers.map(([id, transponder], i) => ({ rider_id: id, name: id.toUpperCase(), plate: String(i + 1), class_id: 'touring', transponders: [transponder] })),
  }, atUs);
}

describeWithShared('timed race from the real 2019 session', [SESSION], () => {
  it('timed race - the 2.767 s double read of transponder 3438895 is rejected and kept, the laps and LiveRC figures come out of the real times', () => {
    const records = decodeAll(hexTextToBytes(readFileSync(sharedPath(SESSION), 'utf8'))).good.map((d) => d.record);
    const passings = records.filter((r): r is PassingRecord => r.type === 'PASSING' && r.transponder === 3438895);
    const t0 = 1_551_545_900_000_000;
    const log = new RaceLog();
    setupDrivers(log, t0 - 600e6, [['kim', 3438895]]);
    log.intent('race.stage', { event_id: 'rc-club', race_id: 'heat-1', class_id: 'touring', format: 'timed', duration_ms: 440_000, lineup: [{ rider_id: 'kim' }] }, t0 - 60e6);
    log.intent('race.start', { race_id: 'heat-1' }, t0);
    // The whole session, STATUS records included, in the order the decoder sent it.
    for (const record of records) if (record.type !== 'PASSING' || record.transponder === 3438895) log.record(record, record.type === 'PASSING' ? record.rtc_time_us : undefined);
    const detail = () => engine.race('heat-1')!;
    const engine = RaceEngine.create();
    for (const e of log.envelopes) {
      engine.apply(e);
      if (e.message_type === 'PASSING' && (e.payload.record as PassingRecord).passing_number === 157842) break;
    }
    engine.apply(log.intent('race.force_finish', { race_id: 'heat-1' }, t0 + 470e6));

    const laps = [42.478, 39.997, 39.452, 39.331, 39.215, 39.189, 39.035, 39.094, 39.108, 39.267, 39.014];
    const mean = laps.reduce((a, b) => a + b) / laps.length;
    // Population SD; consistency carried at 3 decimals, then rounded half up to 2 (docs/race-engine.md "Figures").
    const sd = Math.sqrt(laps.reduce((a, b) => a + (b - mean) ** 2, 0) / laps.length);
    const thousandths = Math.round(100_000 * (1 - sd / mean));
    const [row] = heat(engine).rows;
    expect(passings[0]!.passing_number).toBe(157830);
    expect(row).toMatchObject({
      rider_id: 'kim', laps: 11, total_ms: 435_180, result_text: '11/7:15.180', last_lap_ms: 39_014, best_lap_ms: 39_014, best_lap_number: 11,
      avg_lap_ms: Math.round(mean * 1000), consistency_pct: Math.floor((thousandths + 5) / 10) / 100, rejected_laps: 1, status: 'dnf',
    });
    const kimLaps = detail().laps.kim!;
    expect(kimLaps.filter((l) => l.rejected)).toEqual([
      { lap: 0, lap_ms: 2_767, time_ms: 441_038, at_us: passings.find((p) => p.passing_number === 157842)!.rtc_time_us, ref: '268307:157842', rejected: true, suspect_missed: false, suspect_short: false, suspect_lap: null, confirmed: false },
    ]);
    expect(kimLaps.filter((l) => !l.rejected).map((l) => l.lap_ms / 1000)).toEqual(laps);
  });
});

describe('timed race', () => {
  const T0 = 1_700_000_000_000_000;
  const DEC = 4242;
  const drivers: [string, number][] = [['ann', 1001], ['bob', 1002], ['cat', 1003]];

  /** Three cars on a 20 s lap, mass start; `missing` crossings are not read. */
  function race(log: RaceLog, missing: string[] = []): void {
    log.getTime(DEC, T0 - 700e6, 0);
    setupDrivers(log, T0 - 600e6, drivers);
    log.intent('race.stage', { event_id: 'rc-club', race_id: 'heat-1', class_id: 'touring', format: 'timed', start_mode: 'mass', duration_ms: 110_000, lineup: drivers.map(([id]) => ({ rider_id: id })) }, T0 - 60e6);
    log.intent('race.start', { race_id: 'heat-1' }, T0);
    const pace: Record<string, number> = { ann: 19.5e6, bob: 20e6, cat: 20.4e6 };
    const crossings: [number, string][] = [];
    for (const [id] of drivers) for (let lap = 1; lap <= 6; lap++) crossings.push([T0 + lap * pace[id]! + (id === 'ann' && lap === 3 ? 300_000 : 0), id]);
    crossings.sort((a, b) => a[0] - b[0]);
    let pn = 1;
    for (const [t, id] of crossings) {
      const key = `${id}@${Math.round((t - T0) / 1e6)}`;
      const transponder = drivers.find(([d]) => d === id)![1];
      if (!missing.includes(key)) log.passing(DEC, pn, transponder, t, 0, 0);
      pn++;
    }
  }

  it('timed race - when time is up each driver finishes on the next crossing, ranked by laps then time', () => {
    const log = new RaceLog();
    race(log);
    const engine = RaceEngine.create();
    for (const e of log.envelopes) engine.apply(e);
    const view = heat(engine);
    expect(view.status).toBe('finished');
    expect(view.finish_reason).toBe('all_finished');
    expect(view.ends_at_us).toBe(T0 + 110e6);
    // Everyone's 5th crossing is before 110 s; the next one, the 6th, takes the flag: ann 117 s, bob 120 s, cat 122.4 s.
    // Behind is measured to the car directly ahead, as LiveRC prints it: cat is 2.4 s behind bob, not 5.4 s behind ann.
    expect(view.rows.map((r) => [r.position, r.rider_id, r.result_text, r.behind_text, r.status])).toEqual([
      [1, 'ann', '6/1:57.000', '', 'finished'],
      [2, 'bob', '6/2:00.000', '3.000', 'finished'],
      [3, 'cat', '6/2:02.400', '2.400', 'finished'],
    ]);
    expect(view.rows[0]).toMatchObject({ best_lap_ms: 19_200, best_lap_number: 4, last_lap_ms: 19_500 });
  });

  it('timed race - a missed lap shows as one long lap flagged as a probable missed read, and an added crossing restores it', () => {
    const log = new RaceLog();
    race(log, ['bob@60']);
    const engine = RaceEngine.create();
    for (const e of log.envelopes) engine.apply(e);
    const before = heat(engine).rows.find((r) => r.rider_id === 'bob')!;
    expect(before).toMatchObject({ laps: 5, position: 3, behind_laps: 1, behind_text: '1 Lap', result_text: '5/2:00.000' });
    const long = engine.race('heat-1')!.laps.bob!.find((l) => l.lap_ms === 40_000)!;
    expect(long).toMatchObject({ lap: 3, suspect_missed: true });

    engine.apply(log.intent('passing.add', { race_id: 'heat-1', rider_id: 'bob', time_ms: 60_000, reason: 'loop missed the car, lap counter saw it' }, T0 + 200e6, 'referee'));
    const after = heat(engine);
    expect(after.rows.find((r) => r.rider_id === 'bob')).toMatchObject({ laps: 6, position: 2, behind_text: '3.000', result_text: '6/2:00.000' });
    expect(after.corrections).toEqual([expect.objectContaining({ kind: 'add', rider_id: 'bob', by: 'referee' })]);
    expect(after.status).toBe('finished');
  });

  it('timed race - staggered start: each driver starts on their own first crossing', () => {
    const log = new RaceLog();
    log.getTime(DEC, T0 - 700e6, 0);
    setupDrivers(log, T0 - 600e6, [['ann', 1001]]);
    log.intent('race.stage', { event_id: 'rc-club', race_id: 'heat-1', format: 'timed', duration_ms: 60_000, lineup: [{ rider_id: 'ann' }] }, T0 - 60e6);
    log.passing(DEC, 1, 1001, T0 - 5e6, 0, 0); // warm-up lap before the start: not counted
    log.intent('race.start', { race_id: 'heat-1' }, T0);
    log.passing(DEC, 2, 1001, T0 + 4e6, 0, 0);
    log.passing(DEC, 3, 1001, T0 + 25e6, 0, 0);
    log.passing(DEC, 4, 1001, T0 + 46e6, 0, 0);
    log.passing(DEC, 5, 1001, T0 + 67e6, 0, 0);
    const engine = RaceEngine.create();
    for (const e of log.envelopes) engine.apply(e);
    expect(heat(engine).rows[0]).toMatchObject({ laps: 3, total_ms: 63_000, result_text: '3/1:03.000', status: 'finished' });
    expect(heat(engine).status).toBe('finished');
  });
});
