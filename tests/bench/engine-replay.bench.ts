/** @module Engine replay rate: a whole race day's log through a fresh engine, envelopes per second (median of 5). */
import { performance } from 'node:perf_hooks';
import { RaceEngine } from '../../shared/race/index.ts';
import type { BenchEntry } from './bench-types.ts';
import { raceDayLog } from './race-day-log.ts';

const RUNS = 5;

export const engineReplayBench: BenchEntry = {
  name: 'race engine replay (envelopes/s, median of 5)',
  target: { value: 200_000, better: 'higher' },
  async run() {
    const { envelopes } = raceDayLog();
    const passings = envelopes.filter((e) => e.message_type === 'PASSING').length;
    const rates: number[] = [];
    let derived = 0;
    for (let run = 0; run < RUNS; run++) {
      const engine = RaceEngine.create();
      derived = 0;
      const started = performance.now();
      for (const e of envelopes) derived += engine.apply(e).length;
      rates.push(envelopes.length / ((performance.now() - started) / 1000));
    }
    rates.sort((a, b) => a - b);
    return {
      value: Math.round(rates[Math.floor(RUNS / 2)]!),
      unit: 'envelopes/s',
      detail: { envelopes: envelopes.length, passings, derived_events: derived, worst: Math.round(rates[0]!), log: '120 BMX motos, 20 five-minute RC heats of 12, 6 h practice of 24 cars, STATUS every 5 s from 2 decoders' },
    };
  },
};
