/** @module End-to-end intake: a 20,000-passing simulator burst over loopback TCP until every passing is durable in the appliance's log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAppliance } from '../../appliance/service/appliance.ts';
import { configSchema } from '../../appliance/service/config.ts';
import { startSimulator } from '../../appliance/simulator/index.ts';
import { configureLogging } from '../../shared/log/index.ts';
import type { BenchEntry } from './bench-types.ts';

const COUNT = 20_000;

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 2));
}

export const applianceIntakeBench: BenchEntry = {
  name: 'appliance intake, decoder to durable log (passings/s)',
  target: { value: 1000, better: 'higher' },
  async run() {
    const restore = configureLogging({ level: 'warn' });
    const dir = mkdtempSync(join(tmpdir(), 'mre-bench-app-'));
    const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'burst', count: COUNT });
    sim.pause();
    const app = await startAppliance(configSchema.parse({ data_dir: dir, decoder: { source: `tcp://127.0.0.1:${sim.port}` }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 } }));
    await until(() => app.status().decoder.state === 'connected');
    const start = performance.now();
    sim.resume();
    await until(() => app.status().intake.passings_this_boot >= COUNT);
    const seconds = (performance.now() - start) / 1000;
    await app.stop();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
    configureLogging(restore);
    return { value: Math.round(COUNT / seconds), unit: 'passings/s', detail: { passings: COUNT, seconds: Math.round(seconds * 100) / 100, transport: 'loopback TCP', fsync: 'every batch' } };
  },
};
