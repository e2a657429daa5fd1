/** @module LiveRC's race figures from the engine: each saved race page's racerLaps replayed as a timed race gives every figure of every row of its results table; the rules behind them on small races. */
import { describe, expect, it } from 'vitest';
import { RaceEngine, type TimedRaceView } from '../../../shared/race/index.ts';
import { engineFigures, PAGE_RACE, pageEventSetup, pageFigures, pageRace, pageStage, RACE_PAGES } from '../../support/liverc-race.ts';
import { RaceLog } from '../../support/race-log.ts';
import { describeWithShared } from '../../support/shared-fixtures.ts';

const T0 = 1_760_000_000_000_000;
const DEC = 31;

describeWithShared('LiveRC figures from saved race pages', RACE_PAGES, () => {
  for (const file of RACE_PAGES) {
    it(`liverc figures - ${file.split('/').pop()}: position, laps/time, behind, fastest lap and its number, average and consistency of every row`, () => {
      const race = pageRace(file);
      const log = new RaceLog();
      log.getTime(DEC, T0 - 900e6, 0);
      log.intent('event.setup', pageEventSetup(race), T0 - 600e6);
      log.intent('race.stage', pageStage(race), T0 - 60e6);
      log.intent('race.start', { race_id: PAGE_RACE }, T0);
      race.crossings.forEach((c, i) => log.passing(DEC, i + 1, c.transponder, T0 + c.after_start_us, 0, 0));
      const engine = RaceEngine.create();
      for (const e of log.envelopes) engine.apply(e);
      engine.apply(log.intent('race.force_finish', { race_id: PAGE_RACE }, T0 + pageStage(race).duration_ms * 1000 + 700e6));

      const view = engine.race(PAGE_RACE)!.race as TimedRaceView;
      expect(view.status).toBe('finished');
      expect(race.page.results.length).toBeGreaterThan(10);
      expect(engineFigures(view.rows)).toEqual(pageFigures(race));
      // Nothing on a real race page is a stray read: no lap is set aside.
      expect(Object.values(engine.race(PAGE_RACE)!.laps).flat().filter((l) => l.suspect_short)).toEqual([]);
    });
  }
});

describe('LiveRC figures', () => {
  const drivers = ['ann', 'bob', 'cat', 'dan', 'eve'];

  /** A mass start of `duration` s; each driver's laps in ms (lap 1 from the start signal). */
  function timed(laps: Record<string, number[]>, duration = 200): RaceEngine {
    const log = new RaceLog();
    log.getTime(DEC, T0 - 900e6, 0);
    log.intent('event.setup', { event_id: 'club', name: 'Club', classes: [{ class_id: 'tc', name: 'Touring' }], riders: drivers.map((id, i) => ({ rider_id: id, name: id, class_id: 'tc', transponders: [7000 + i] })) }, T0 - 600e6);
    log.intent('race.stage', { event_id: 'club', race_id: 'h1', class_id: 'tc', format: 'timed', start_mode: 'mass', duration_ms: duration * 1000, lineup: drivers.map((rider_id) => ({ rider_id })) }, T0 - 60e6);
    log.intent('race.start', { race_id: 'h1' }, T0);
    const crossings: [number, number][] = [];
    for (const [id, list] of Object.entries(laps)) {
      let at = 0;
      for (const ms of list) crossings.push([(at += ms) * 1000, 7000 + drivers.indexOf(id)]);
    }
    crossings.sort((a, b) => a[0] - b[0]);
    crossings.forEach(([us, transponder], i) => log.passing(DEC, i + 1, transponder, T0 + us, 0, 0));
    log.intent('race.force_finish', { race_id: 'h1' }, T0 + (duration + 50) * 1e6);
    const engine = RaceEngine.create();
    for (const e of log.envelopes) engine.apply(e);
    return engine;
  }

  const rows = (engine: RaceEngine) => (engine.race('h1')!.race as TimedRaceView).rows;

  it('liverc figures - behind is measured to the car directly ahead; a non-starter under a starter is laps down, under another non-starter 0.000', () => {
    const engine = timed({ ann: [20_000, 20_000, 20_000, 20_000], bob: [21_000, 20_000, 20_000, 20_000], cat: [21_000, 20_500, 20_500, 20_500], dan: [30_000, 30_000] });
    expect(rows(engine).map((r) => [r.position, r.rider_id, r.result_text, r.behind_text, r.behind_laps, r.behind_ms])).toEqual([
      [1, 'ann', '4/1:20.000', '', null, null],
      [2, 'bob', '4/1:21.000', '1.000', 0, 1_000],
      [3, 'cat', '4/1:22.500', '1.500', 0, 1_500],
      [4, 'dan', '2/1:00.000', '2 Laps', 2, null],
      [5, 'eve', '0', '2 Laps', 2, null],
    ]);
    const twoOut = timed({ ann: [20_000, 20_000, 20_000] });
    expect(rows(twoOut).map((r) => [r.rider_id, r.result_text, r.behind_text])).toEqual([['ann', '3/1:00.000', ''], ['bob', '0', '3 Laps'], ['cat', '0', '0.000'], ['dan', '0', '0.000'], ['eve', '0', '0.000']]);
  });

  it('liverc figures - average is rounded to the ms, consistency carried at 3 decimals and rounded half up to 2, the grid lap of a mass start left out', () => {
    // Full laps (lap 1 from the grid left out) 20.001 and 20.002: mean 20.0015 rounds up to 20.002, where truncating gives 20.001.
    const even = timed({ ann: [25_000, 20_001, 20_002] });
    expect(rows(even)[0]).toMatchObject({ laps: 3, total_ms: 65_003, avg_lap_ms: 20_002, best_lap_ms: 20_001, best_lap_number: 2 });
    // Full laps 18.425 and 21.575: mean 20, population SD 1.575, consistency 92.125 at 3 decimals, shown 92.13.
    const split = timed({ ann: [19_000, 18_425, 21_575] });
    expect(rows(split)[0]).toMatchObject({ avg_lap_ms: 20_000, best_lap_ms: 18_425, best_lap_number: 2, consistency_pct: 92.13 });
    // Full laps 40.000, 36.351, 40.000: mean 38.783667, population SD 1.720052, 100 × (1 − SD/mean) = 95.56474…:
    // 95.565 at 3 decimals, shown 95.57 (rounding the raw value straight to 2 decimals would give 95.56).
    const wide = timed({ ann: [45_000, 40_000, 36_351, 40_000] });
    expect(rows(wide)[0]).toMatchObject({ laps: 4, avg_lap_ms: 38_784, best_lap_ms: 36_351, best_lap_number: 3, consistency_pct: 95.57 });
  });
});
