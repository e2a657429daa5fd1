/** @module Stress load: passings as fast as the link takes them, round-robin over 10 transponders, the RTC 1 ms apart. */
import type { Scenario } from '../types.ts';

const TRANSPONDERS = Array.from({ length: 10 }, (_, i) => 3_000_001 + i * 1_111);

export function burst(): Scenario {
  let i = 0;
  return {
    name: 'burst',
    profile: 'rc',
    paced: false,
    carriesStatus: false,
    next() {
      const n = i++;
      return {
        kind: 'passing',
        atUs: n * 1000,
        passing: { layout: 'rc', transponder: TRANSPONDERS[n % TRANSPONDERS.length]!, strength: 100 + (n % 50), hits: 20 + (n % 30) },
      };
    },
  };
}
