/** @module RC open practice: 8-12 cars (or the field a box staged) lapping at their own pace, with the double and missed reads real loops produce. */
import { seededRng } from '../../../shared/random/index.ts';
import { checkField, checkRange } from '../options.ts';
import type { Scenario, ScenarioEvent, SecondsRange } from '../types.ts';

/** Share of laps read twice (M capture: a 2.767 s "lap" from one car, §7.5) and of laps not read at all. */
export const DOUBLE_READ_RATE = 0.02;
export const MISSED_READ_RATE = 0.02;
/** Defaults for a staged field: lap times, and time from staging to each car's first crossing. */
export const LAP_SECONDS: SecondsRange = [14, 22];
export const FIRST_CROSSING_SECONDS: SecondsRange = [2, 8];
/** More cars than any RC heat or practice group runs. */
export const MAX_CARS = 60;

interface Car {
  transponder: number;
  meanLapUs: number;
  /** Relative lap-to-lap spread, a few per cent. */
  spread: number;
  /** Scenario time of the car's next crossing. */
  nextUs: number;
  /** Pending second read of the last crossing. */
  doubleUs?: number;
}

export function rcPractice(seed: number): Scenario {
  const rng = seededRng(seed);
  const field = rng.int(8, 12);
  const transponders = new Set<number>();
  while (transponders.size < field) transponders.add(rng.int(1_000_000, 9_999_999));
  const newCar = (transponder: number, [fastest, slowest]: SecondsRange): Car => ({
    transponder,
    meanLapUs: rng.between(fastest, slowest) * 1e6,
    spread: rng.between(0.01, 0.04),
    nextUs: 0,
  });
  const cars: Car[] = [...transponders].map((transponder) => {
    const c = newCar(transponder, LAP_SECONDS);
    // Practice is already running when the box starts: first crossings spread over one lap,
    // so a demo shows passings within seconds.
    c.nextUs = rng.between(0.05, 1) * c.meanLapUs;
    return c;
  });

  const passing = (car: Car, atUs: number): ScenarioEvent => ({
    kind: 'passing',
    atUs,
    passing: { layout: 'rc', transponder: car.transponder, strength: rng.int(60, 180), hits: rng.int(12, 90) },
  });

  return {
    name: 'rc-practice',
    profile: 'rc',
    paced: true,
    carriesStatus: false,
    next() {
      for (;;) {
        let car = cars[0]!;
        let atUs = Math.min(car.nextUs, car.doubleUs ?? Infinity);
        for (const c of cars) {
          const t = Math.min(c.nextUs, c.doubleUs ?? Infinity);
          if (t < atUs) [car, atUs] = [c, t];
        }
        if (car.doubleUs === atUs) {
          car.doubleUs = undefined;
          return passing(car, atUs);
        }
        car.nextUs = atUs + car.meanLapUs * (1 + rng.between(-car.spread, car.spread));
        if (rng.bool(MISSED_READ_RATE)) continue;
        if (rng.bool(DOUBLE_READ_RATE)) car.doubleUs = atUs + rng.between(0.2, 3) * 1e6;
        return passing(car, atUs);
      }
    },
    stage(staged, nowUs, options) {
      const lineup = checkField(staged, MAX_CARS, 'cars');
      const lapSeconds = checkRange(options.lapSeconds, LAP_SECONDS, 'lapSeconds', true);
      const [soonest, latest] = checkRange(options.firstCrossingSeconds, FIRST_CROSSING_SECONDS, 'firstCrossingSeconds');
      // Cars of the old field, echoes of their last crossing included, leave the track at once.
      const fresh = lineup.map((transponder) => {
        const c = newCar(transponder, lapSeconds);
        c.nextUs = nowUs + rng.between(soonest, latest) * 1e6;
        return c;
      });
      cars.splice(0, cars.length, ...fresh);
    },
  };
}
