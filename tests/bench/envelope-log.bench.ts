/** @module Envelope log throughput: fsynced appends per second when records arrive concurrently (group commit) and one at a time. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnvelopeLog, type LogEntry } from '../../appliance/log/index.ts';
import type { BenchEntry } from './bench-types.ts';

const entry = (n: number): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: Date.now() * 1000,
  payload: { record: { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 268307, passing_number: n, transponder: 3438895, rtc_time_us: 1551548443067000, strength: 153, hits: 28, flags: 0 }, raw_hex: '8e023300c922000001000104'.padEnd(102, '0') },
  passing: { decoder_id: 268307, passing_number: n },
});

async function measure(concurrent: boolean, count: number): Promise<{ perSecond: number; meanLatencyMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mre-bench-log-'));
  const log = await EnvelopeLog.open({ dir, trackId: 'bench', clientId: 'box', limits: { minFreeBytes: 0 } });
  const latencies: number[] = [];
  const one = async (n: number) => {
    const t = performance.now();
    await log.append([entry(n)]);
    latencies.push(performance.now() - t);
  };
  const start = performance.now();
  if (concurrent) {
    // Records arriving faster than one fsync: at most 256 waiting at once, as a busy link would queue them.
    const inflight = new Set<Promise<void>>();
    for (let n = 1; n <= count; n++) {
      const p = one(n).finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= 256) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  } else {
    for (let n = 1; n <= count; n++) await one(n);
  }
  const seconds = (performance.now() - start) / 1000;
  await log.close();
  rmSync(dir, { recursive: true, force: true });
  return { perSecond: Math.round(count / seconds), meanLatencyMs: Math.round((latencies.reduce((a, b) => a + b, 0) / latencies.length) * 100) / 100 };
}

export const envelopeLogBench: BenchEntry = {
  name: 'envelope log durable appends (records/s, group commit)',
  target: { value: 2000, better: 'higher' },
  async run() {
    const grouped = await measure(true, 20_000);
    const single = await measure(false, 1_000);
    return {
      value: grouped.perSecond,
      unit: 'records/s',
      detail: { records: 20_000, mean_latency_ms: grouped.meanLatencyMs, one_at_a_time_per_s: single.perSecond, one_at_a_time_latency_ms: single.meanLatencyMs, fsync: 'every batch' },
    };
  },
};
