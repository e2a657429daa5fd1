/** @module Stray reads: a lap far below the driver's typical lap is set aside as suspect_short, out of best lap, averages and rankings, until the referee confirms it; the same on every replay and from any snapshot. */
import { describe, expect, it } from 'vitest';
import { ContractError, parseIntentArgs } from '../../../shared/contracts/index.ts';
import { RaceEngine, type DerivedEvent, type PracticeRaceView, type TimedRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = 1_762_000_000_000_000;
const DEC = 12;
const KIM = 5101;
const LEE = 5102;

/**
 * The real practice session's pattern: a stray read 38.2 s into a slow lap (44.6 s), the car's
 * real crossing 6.4 s later, then 40 s laps again. Lee laps at 37.5 s: the 6.4 s "lap" would
 * have been the session's best and put Kim on top.
 */
function session(): { log: RaceLog; refOf: (transponder: number, s: number) => string } {
  const log = new RaceLog(7);
  log.getTime(DEC, T0 - 700e6, 0);
  log.intent('event.setup', { event_id: 'practice-night', name: 'Practice night', riders: [{ rider_id: 'kim', name: 'Kim', transponders: [KIM] }, { rider_id: 'lee', name: 'Lee', transponders: [LEE] }] }, T0 - 600e6);
  log.intent('race.stage', { event_id: 'practice-night', race_id: 'p1', format: 'practice' }, T0 - 10e6);
  log.intent('race.start', { race_id: 'p1' }, T0);
  const crossings: [number, number][] = [];
  const kim = [40.3, 39.9, 40.6, 40.1, 38.2, 6.4, 40.0, 40.4];
  let at = 3;
  crossings.push([at, KIM]);
  for (const lap of kim) crossings.push([(at = Math.round((at + lap) * 10) / 10), KIM]);
  at = 5;
  crossings.push([at, LEE]);
  for (let i = 0; i < 8; i++) crossings.push([(at += 37.5), LEE]);
  crossings.sort((a, b) => a[0] - b[0]);
  const refs = new Map<string, string>();
  crossings.forEach(([s, transponder], i) => {
    log.passing(DEC, 100 + i, transponder, T0 + Math.round(s * 1e6), 0, 0);
    refs.set(`${transponder}@${s}`, `${DEC}:${100 + i}`);
  });
  return { log, refOf: (transponder, s) => refs.get(`${transponder}@${s}`)! };
}

function run(log: RaceLog): RaceEngine {
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  return engine;
}

const board = (engine: RaceEngine) => engine.race('p1')!.race as PracticeRaceView;

describe('short laps', () => {
  it('short laps - the real session: the 6.4 s lap between a 38.2 s lap and 40 s laps is set aside, and Lee keeps the best lap and the top of the board', () => {
    const { log, refOf } = session();
    const engine = run(log);
    const view = board(engine);
    expect(view.rows.map((r) => [r.position, r.name, r.best_lap_ms, r.best_lap_number, r.laps, r.last_lap_ms])).toEqual([
      [1, 'Lee', 37_500, 1, 8, 37_500],
      // The stray read at 202.1 s stays Kim's crossing: the lap after the set-aside one runs from it (6.4 + 40.0 s).
      [2, 'Kim', 38_200, 5, 7, 40_400],
    ]);
    expect(view.stats.best).toMatchObject({ name: 'Lee', lap_ms: 37_500 });
    const kim = engine.race('p1')!.laps.kim!;
    expect(kim.filter((l) => l.suspect_short)).toEqual([
      { lap: 0, lap_ms: 6_400, time_ms: 208_500, at_us: T0 + 208_500_000, ref: refOf(KIM, 208.5), rejected: false, suspect_missed: false, suspect_short: true, suspect_lap: 6, confirmed: false },
    ]);
    expect(kim.filter((l) => l.lap > 0).map((l) => l.lap_ms)).toEqual([40_300, 39_900, 40_600, 40_100, 38_200, 46_400, 40_400]);
    expect(view.rows[1]!.avg_lap_ms).toBe(Math.round((40_300 + 39_900 + 40_600 + 40_100 + 38_200 + 46_400 + 40_400) / 7));
  });

  it('short laps - the referee confirms the lap: it counts, becomes the best lap and puts Kim on top; the intent must name a lap set aside', () => {
    const { log, refOf } = session();
    const engine = run(log);
    const normal = { race_id: 'p1', ref: refOf(KIM, 202.1), reason: 'seen on video' };
    expect(engine.check({ intent: 'lap.confirm', by: 'referee', at_us: T0 + 400e6, args: normal })).toBe(`crossing ${refOf(KIM, 202.1)} is not a lap set aside as suspect_short`);
    expect(engine.check({ intent: 'lap.confirm', by: 'referee', at_us: T0 + 400e6, args: { ...normal, ref: '12:9999' } })).toBe('race p1 has no crossing 12:9999');

    const events = engine.apply(log.intent('lap.confirm', { race_id: 'p1', ref: refOf(KIM, 208.5), reason: 'car cut the chicane, marshal saw it' }, T0 + 400e6, 'referee'));
    expect(events.map((e) => e.type)).toEqual(['race.updated']);
    const view = board(engine);
    expect(view.rows.map((r) => [r.position, r.name, r.best_lap_ms, r.best_lap_number, r.laps])).toEqual([
      [1, 'Kim', 6_400, 6, 8],
      [2, 'Lee', 37_500, 1, 8],
    ]);
    expect(view.stats.best).toEqual({ transponder: KIM, name: 'Kim', lap_ms: 6_400, lap: 6, at_us: T0 + 208_500_000 });
    expect(view.corrections).toEqual([{ kind: 'confirm', ref: refOf(KIM, 208.5), rider_id: 'kim', by: 'referee', reason: 'car cut the chicane, marshal saw it', at_us: T0 + 400e6 }]);
    expect(engine.race('p1')!.laps.kim!.find((l) => l.lap === 6)).toMatchObject({ lap_ms: 6_400, confirmed: true, suspect_short: false });
    // Confirmed once, it is no longer set aside: a second confirmation is refused.
    expect(engine.check({ intent: 'lap.confirm', by: 'referee', at_us: T0 + 401e6, args: { race_id: 'p1', ref: refOf(KIM, 208.5), reason: 'again' } })).toBe(`crossing ${refOf(KIM, 208.5)} is not a lap set aside as suspect_short`);
  });

  it('short laps - in a timed race a stray read just after the line costs no lap and adds none; a driver who really speeds up has the held lap counted by the next crossing', () => {
    const log = new RaceLog(3);
    log.getTime(DEC, T0 - 700e6, 0);
    log.intent('event.setup', { event_id: 'club', name: 'Club', riders: [{ rider_id: 'kim', name: 'Kim', transponders: [KIM] }, { rider_id: 'lee', name: 'Lee', transponders: [LEE] }] }, T0 - 600e6);
    log.intent('race.stage', { event_id: 'club', race_id: 'h1', format: 'timed', start_mode: 'mass', duration_ms: 600_000, lineup: [{ rider_id: 'kim' }, { rider_id: 'lee' }] }, T0 - 60e6);
    log.intent('race.start', { race_id: 'h1' }, T0);
    const times: [number, number][] = [];
    // Kim: 30 s laps, a stray read 7 s after the line on lap 5.
    for (let lap = 1; lap <= 8; lap++) times.push([lap * 30, KIM]);
    times.push([157, KIM]);
    // Lee: cruises at 90 s, then races at 40 s.
    let at = 0;
    for (const lap of [95, 90, 88, 91, 40, 40, 40, 40, 40, 40]) times.push([(at += lap), LEE]);
    times.sort((a, b) => a[0] - b[0]);
    times.forEach(([s, transponder], i) => log.passing(DEC, i + 1, transponder, T0 + s * 1e6, 0, 0));
    const engine = run(log);
    const rows = (engine.race('h1')!.race as TimedRaceView).rows;
    expect(rows.find((r) => r.rider_id === 'kim')).toMatchObject({ laps: 8, total_ms: 240_000, best_lap_ms: 30_000, avg_lap_ms: 30_000, consistency_pct: 100 });
    expect(engine.race('h1')!.laps.kim!.filter((l) => l.suspect_short).map((l) => [l.lap_ms, l.suspect_lap])).toEqual([[7_000, 6]]);
    expect(rows.find((r) => r.rider_id === 'lee')).toMatchObject({ laps: 10, total_ms: 604_000, best_lap_ms: 40_000, best_lap_number: 5 });
    expect(engine.race('h1')!.laps.lee!.filter((l) => l.suspect_short)).toEqual([]);
  });

  it('short laps - lap.confirm names every bad field: a decoder crossing ref and a reason are required', () => {
    let issues: string[] = [];
    try {
      parseIntentArgs('lap.confirm', { race_id: 'p1', ref: 'manual:01ABC', reason: ' ' });
    } catch (error) {
      if (error instanceof ContractError) issues = error.issues.map((i) => `${i.path}: ${i.message}`);
    }
    expect(issues).toEqual(['reason: reason must not be empty', 'ref: ref must be decoder_id:passing_number']);
    expect(parseIntentArgs('lap.confirm', { race_id: 'p1', ref: '12:345', reason: 'seen on video' })).toEqual({ race_id: 'p1', ref: '12:345', reason: 'seen on video' });
  });
});

describe('short laps replay', () => {
  /** The session, a confirmation, more laps and a second stray read left unconfirmed. */
  function fullLog(): RaceLog {
    const { log, refOf } = session();
    log.intent('lap.confirm', { race_id: 'p1', ref: refOf(KIM, 208.5), reason: 'seen on video' }, T0 + 360e6, 'referee');
    log.intent('lap.confirm', { race_id: 'p1', ref: refOf(KIM, 208.5), reason: 'twice' }, T0 + 361e6, 'other-referee');
    log.passing(DEC, 500, KIM, T0 + 370e6, 0, 0);
    log.passing(DEC, 501, KIM, T0 + 376e6, 0, 0);
    log.passing(DEC, 502, KIM, T0 + 410e6, 0, 0);
    log.passing(DEC, 503, LEE, T0 + 412e6, 0, 0);
    return log;
  }

  const replay = (log: RaceLog, engine = RaceEngine.create(), from = 0, to = log.envelopes.length) => log.envelopes.slice(from, to).map((e) => JSON.stringify(engine.applyStep(e)));

  it('short laps - the same log gives byte-identical derived events, the refused second confirmation included', () => {
    const log = fullLog();
    const first = replay(log);
    expect(replay(log)).toEqual(first);
    const types = first.flatMap((line) => (JSON.parse(line) as { events: DerivedEvent[] }).events).map((e) => (e.type === 'race.updated' ? `${e.type}:${e.payload.change.kind}` : e.type));
    expect(types).toContain('race.updated:suspect_short');
    expect(types).toContain('race.updated:correction');
    expect(types).toContain('intent.refused');
  });

  it('short laps - resuming from a snapshot taken after any envelope gives the same events and the same state', () => {
    const log = fullLog();
    const full = replay(log);
    const end = RaceEngine.create();
    replay(log, end);
    for (let cut = 0; cut <= log.envelopes.length; cut++) {
      const head = RaceEngine.create();
      const before = replay(log, head, 0, cut);
      const resumed = RaceEngine.fromSnapshot(head.snapshot());
      expect([...before, ...replay(log, resumed, cut)], `cut ${cut}`).toEqual(full);
      expect(resumed.snapshot()).toBe(end.snapshot());
      expect(resumed.race('p1')).toEqual(end.race('p1'));
    }
  });
});
