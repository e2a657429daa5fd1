/** @module Live latency: decoder bytes sent → the passing on 300 WebSocket clients (another process), p50/p95/p99 over every client and passing. */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startBenchAppliance, until } from './bench-appliance.ts';
import type { BenchEntry } from './bench-types.ts';

const CLIENTS = 300;
const SAMPLES = 200;
const SPACING_MS = 25;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (v: number) => Math.round(v * 100) / 100;

export const liveLatencyBench: BenchEntry = {
  name: `live latency, decoder bytes to ${CLIENTS} WebSocket clients (ms, p95)`,
  target: { value: 15, better: 'lower' },
  async run() {
    const { sim, app, close } = await startBenchAppliance();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./live-clients.ts', import.meta.url)), `${app.url.replace('http', 'ws')}/ws/v1/live?track_id=local-track&channels=race,decoder`, String(CLIENTS)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    if ((await lines.next()).value !== 'ready') throw new Error('live clients did not connect');

    const sentAt = new Map<number, number>();
    sim.on('passing', (p) => {
      sentAt.set(p.passing_number!, performance.timeOrigin + performance.now());
      sim.pause();
    });
    for (let i = 0; i < SAMPLES; i++) {
      const before = sentAt.size;
      sim.resume();
      await until(() => sentAt.size > before);
      await new Promise((r) => setTimeout(r, SPACING_MS));
    }
    await new Promise((r) => setTimeout(r, 500));
    child.stdin!.write('report\n');
    const arrivals = new Map<number, number[]>(JSON.parse((await lines.next()).value as string) as [number, number[]][]);
    await close();

    const latencies: number[] = [];
    let missing = 0;
    for (const [n, sent] of sentAt) {
      const times = arrivals.get(n) ?? [];
      missing += CLIENTS - times.length;
      for (const t of times) latencies.push(t - sent);
    }
    latencies.sort((a, b) => a - b);
    return {
      value: round(percentile(latencies, 95)),
      unit: 'ms',
      detail: { clients: CLIENTS, passings: sentAt.size, deliveries: latencies.length, missing, p50_ms: round(percentile(latencies, 50)), p95_ms: round(percentile(latencies, 95)), p99_ms: round(percentile(latencies, 99)), path: 'decoder TCP → decode → fsynced log → engine → WebSocket', clients_in: 'a second process' },
    };
  },
};
