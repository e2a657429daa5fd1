/** @module Where a best lap came from: race id, lap number and the box time of the crossing that completed it, on the race row, in the race detail and in the class standings. */
import { expect, it } from 'vitest';
import { RaceEngine, type TimedRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = 1_763_000_000_000_000;
const DEC = 9;

it('best lap - the row, the detail and the class standings name the race, the lap and the box time of the crossing that completed it', () => {
  const log = new RaceLog(5);
  log.getTime(DEC, T0 - 900e6, 0);
  log.intent('event.setup', { event_id: 'club', name: 'Club', classes: [{ class_id: 'tc', name: 'Touring', format: 'timed' }], riders: [{ rider_id: 'ann', name: 'Ann', class_id: 'tc', transponders: [801] }, { rider_id: 'bob', name: 'Bob', class_id: 'tc', transponders: [802] }] }, T0 - 600e6);
  let pn = 1;
  /** A staggered heat: each driver's first crossing starts their clock, then their laps (s). */
  const heat = (raceId: string, start: number, laps: Record<'ann' | 'bob', number[]>) => {
    log.intent('race.stage', { event_id: 'club', race_id: raceId, class_id: 'tc', format: 'timed', duration_ms: 60_000, lineup: [{ rider_id: 'ann' }, { rider_id: 'bob' }] }, start - 30e6);
    log.intent('race.start', { race_id: raceId }, start);
    const crossings: [number, number][] = [];
    for (const [who, transponder] of [['ann', 801], ['bob', 802]] as const) {
      let at = 2 + (transponder - 801);
      crossings.push([at, transponder]);
      for (const s of laps[who]) crossings.push([(at += s), transponder]);
    }
    crossings.sort((a, b) => a[0] - b[0]).forEach(([s, transponder]) => log.passing(DEC, pn++, transponder, start + Math.round(s * 1e6), 0, 0));
  };
  heat('q1', T0, { ann: [20, 19.5, 21], bob: [22, 21.2, 21] });
  heat('q2', T0 + 300e6, { ann: [20.2, 19.1, 20.4], bob: [21.5, 20.8, 20.9] });
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);

  const q2 = engine.race('q2')!;
  const ann = (q2.race as TimedRaceView).rows.find((r) => r.rider_id === 'ann')!;
  // Ann's first crossing at 2 s, then 20.2 s and 19.1 s: lap 2 ends 41.3 s after the start.
  expect(ann).toMatchObject({ best_lap_ms: 19_100, best_lap_number: 2, best_lap_at_us: T0 + 300e6 + 41_300_000 });
  expect(q2.laps.ann!.find((l) => l.lap === 2)).toMatchObject({ lap_ms: 19_100, at_us: T0 + 300e6 + 41_300_000 });

  const [standings] = engine.standings('club', 'tc');
  expect(standings!.rows.map((r) => [r.rider_id, r.best_lap])).toEqual([
    ['ann', { race_id: 'q2', lap: 2, lap_ms: 19_100, at_us: T0 + 300e6 + 41_300_000 }],
    ['bob', { race_id: 'q2', lap: 2, lap_ms: 20_800, at_us: T0 + 300e6 + 3e6 + 21_500_000 + 20_800_000 }],
  ]);
});
