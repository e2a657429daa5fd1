/** @module Passing latency: decoder bytes sent → envelope durable in the log → visible in GET /api/passings, p50 and p95 over single passings. */
import { performance } from 'node:perf_hooks';
import { startBenchAppliance, until } from './bench-appliance.ts';
import type { BenchEntry } from './bench-types.ts';

const SAMPLES = 300;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (v: number) => Math.round(v * 100) / 100;

export const passingLatencyBench: BenchEntry = {
  name: 'passing latency, decoder bytes to /api/passings (ms, p95)',
  target: { value: 50, better: 'lower' },
  async run() {
    const { sim, app, close } = await startBenchAppliance();

    let sentAt = 0;
    let number = 0;
    sim.on('passing', (p) => {
      // One passing per sample: the simulator stops again right after sending it.
      sentAt = performance.now();
      number = p.passing_number!;
      sim.pause();
    });
    const toLog: number[] = [];
    const toApi: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const before = app.status().intake.passings_this_boot;
      sim.resume();
      await until(() => app.status().intake.passings_this_boot !== before);
      toLog.push(performance.now() - sentAt);
      for (;;) {
        const body = (await (await fetch(`${app.url}/api/passings?limit=1`)).json()) as { passings: { payload: { record: { passing_number: number } } }[] };
        if (body.passings[0]?.payload.record.passing_number === number) break;
      }
      toApi.push(performance.now() - sentAt);
    }
    await close();
    toLog.sort((a, b) => a - b);
    toApi.sort((a, b) => a - b);
    return {
      value: ms(percentile(toApi, 95)),
      unit: 'ms',
      detail: { samples: SAMPLES, logged_p50_ms: ms(percentile(toLog, 50)), logged_p95_ms: ms(percentile(toLog, 95)), api_p50_ms: ms(percentile(toApi, 50)), api_p95_ms: ms(percentile(toApi, 95)), transport: 'loopback TCP', fsync: 'every batch' },
    };
  },
};
