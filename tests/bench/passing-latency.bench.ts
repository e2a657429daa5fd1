/** @module Passing latency: decoder bytes sent → envelope durable in the log → visible in GET /api/passings, p50 and p95 over single passings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAppliance } from '../../appliance/service/appliance.ts';
import { configSchema } from '../../appliance/service/config.ts';
import { startSimulator } from '../../appliance/simulator/index.ts';
import { configureLogging } from '../../shared/log/index.ts';
import type { BenchEntry } from './bench-types.ts';

const SAMPLES = 300;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (v: number) => Math.round(v * 100) / 100;
const tick = () => new Promise((r) => setImmediate(r));

export const passingLatencyBench: BenchEntry = {
  name: 'passing latency, decoder bytes to /api/passings (ms, p95)',
  target: { value: 50, better: 'lower' },
  async run() {
    const restore = configureLogging({ level: 'warn' });
    const dir = mkdtempSync(join(tmpdir(), 'mre-bench-latency-'));
    const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'burst' });
    sim.pause();
    const app = await startAppliance(configSchema.parse({ data_dir: dir, decoder: { source: `tcp://127.0.0.1:${sim.port}` }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 } }));
    while (app.status().decoder.state !== 'connected') await tick();

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
      while (app.status().intake.passings_this_boot === before) await tick();
      toLog.push(performance.now() - sentAt);
      for (;;) {
        const body = (await (await fetch(`${app.url}/api/passings?limit=1`)).json()) as { passings: { payload: { record: { passing_number: number } } }[] };
        if (body.passings[0]?.payload.record.passing_number === number) break;
      }
      toApi.push(performance.now() - sentAt);
    }
    await app.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
    configureLogging(restore);
    toLog.sort((a, b) => a - b);
    toApi.sort((a, b) => a - b);
    return {
      value: ms(percentile(toApi, 95)),
      unit: 'ms',
      detail: { samples: SAMPLES, logged_p50_ms: ms(percentile(toLog, 50)), logged_p95_ms: ms(percentile(toLog, 95)), api_p50_ms: ms(percentile(toApi, 50)), api_p95_ms: ms(percentile(toApi, 95)), transport: 'loopback TCP', fsync: 'every batch' },
    };
  },
};
