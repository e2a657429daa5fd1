/** @module RC open practice: 8-12 cars lapping at their own pace, with the double and missed reads real loops produce. */
import { seededRng } from '../../../shared/random/index.ts';
import type { Scenario, ScenarioEvent } from '../types.ts';

/** Share of laps read twice (M capture: a 2.767 s "lap" from one car, §7.5) and of laps not read at all. */
export const DOUBLE_READ_RATE = 0.02;
export const MISSED_READ_RATE = 0.02;

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
  const cars: Car[] = [...transponders].map((transponder) => {
    const meanLapUs = rng.between(14, 22) * 1e6;
    // Practice is already running when the box starts: first crossings spread over one lap,
    // so a demo shows passings within seconds.
    return { transponder, meanLapUs, spread: rng.between(0.01, 0.04), nextUs: rng.between(0.05, 1) * meanLapUs };
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
  };
}
