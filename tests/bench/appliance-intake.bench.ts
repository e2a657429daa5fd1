/** @module End-to-end intake: a 20,000-passing simulator burst over loopback TCP until every passing is durable in the appliance's log. */
import { performance } from 'node:perf_hooks';
import { startBenchAppliance, until } from './bench-appliance.ts';
import type { BenchEntry } from './bench-types.ts';

const COUNT = 20_000;

export const applianceIntakeBench: BenchEntry = {
  name: 'appliance intake, decoder to durable log (passings/s)',
  target: { value: 1000, better: 'higher' },
  async run() {
    const { sim, app, close } = await startBenchAppliance(COUNT);
    const start = performance.now();
    sim.resume();
    await until(() => app.status().intake.passings_this_boot >= COUNT);
    const seconds = (performance.now() - start) / 1000;
    await close();
    return { value: Math.round(COUNT / seconds), unit: 'passings/s', detail: { passings: COUNT, seconds: Math.round(seconds * 100) / 100, transport: 'loopback TCP', fsync: 'every batch' } };
  },
};
