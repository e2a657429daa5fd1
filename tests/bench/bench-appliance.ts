/** @module For appliance benchmarks: an in-process appliance connected to a paused burst simulator, with logging quieted. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppliance, type RunningAppliance } from '../../appliance/service/appliance.ts';
import { configSchema } from '../../appliance/service/config.ts';
import { startSimulator, type Simulator } from '../../appliance/simulator/index.ts';
import { configureLogging } from '../../shared/log/index.ts';

/** Polls every turn of the event loop: a benchmark's clock must not wait on a coarse timer. */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

export interface BenchAppliance {
  sim: Simulator;
  app: RunningAppliance;
  close(): Promise<void>;
}

/** The simulator starts paused; the caller resumes it once the clock is running. */
export async function startBenchAppliance(count?: number): Promise<BenchAppliance> {
  const restore = configureLogging({ level: 'warn' });
  const dir = mkdtempSync(join(tmpdir(), 'mre-bench-appliance-'));
  const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'burst', ...(count ? { count } : {}) });
  sim.pause();
  const app = await startAppliance(configSchema.parse({ data_dir: dir, decoder: { source: `tcp://127.0.0.1:${sim.port}` }, http: { host: '127.0.0.1', port: 0 }, log: { min_free_bytes: 0 }, control: { token: 'bench-token' } }));
  await until(() => app.status().decoder.state === 'connected');
  return {
    sim,
    app,
    async close() {
      await app.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
      configureLogging(restore);
    },
  };
}
