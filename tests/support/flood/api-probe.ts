/** @module Probes the box's API while it ingests: /healthz, /api/status and a logged control intent, one after another, each answer timed. */
import { performance } from 'node:perf_hooks';
import { FLOOD_PIN } from './flood-box.ts';

export interface ProbeResult {
  path: string;
  status: number;
  ms: number;
}

export interface ApiProbe {
  results: ProbeResult[];
  /** Stops after the request in flight; resolves when it has. */
  stop(): Promise<void>;
}

/** A request that gets no answer in this long counts as failed (status 0), so a stall cannot hang the run. */
const TIMEOUT_MS = 10_000;

async function timed(path: string, run: () => Promise<Response>): Promise<ProbeResult> {
  const start = performance.now();
  try {
    const response = await run();
    await response.arrayBuffer();
    return { path, status: response.status, ms: performance.now() - start };
  } catch {
    return { path, status: 0, ms: performance.now() - start };
  }
}

/** `intent` is posted as-is to /api/control/<name> with the flood PIN. */
export function probeApi(url: string, intent: { name: string; body: unknown }, pauseMs = 20): ApiProbe {
  const results: ProbeResult[] = [];
  let running = true;
  const signal = () => AbortSignal.timeout(TIMEOUT_MS);
  const loop = (async () => {
    while (running) {
      results.push(await timed('/healthz', () => fetch(`${url}/healthz`, { signal: signal() })));
      results.push(await timed('/api/status', () => fetch(`${url}/api/status`, { signal: signal() })));
      results.push(
        await timed(`/api/control/${intent.name}`, () =>
          fetch(`${url}/api/control/${intent.name}`, { method: 'POST', headers: { authorization: `Bearer ${FLOOD_PIN}`, 'content-type': 'application/json' }, body: JSON.stringify(intent.body), signal: signal() }),
        ),
      );
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return {
    results,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
