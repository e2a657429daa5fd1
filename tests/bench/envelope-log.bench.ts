/** @module Envelope log throughput: fsynced envelopes/s through group commit, against raw classic-level sync batches of the same size on the same disk. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Level } from 'level';
import { EnvelopeLog, type LogEntry } from '../../appliance/log/index.ts';
import { envelopeKey, passingByLsnKey, passingKey } from '../../appliance/log/keys.ts';
import type { BenchEntry } from './bench-types.ts';

const COUNT = 40_000;
/** Records waiting at once, as when a decoder's burst arrives faster than one fsync. */
const IN_FLIGHT = 2048;

const record = (n: number) => ({ type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 268307, passing_number: n, transponder: 3438895, rtc_time_us: 1551548443067000, strength: 153, hits: 28, flags: 0 });
const RAW_HEX = '8e023300c922000001000104'.padEnd(102, '0');
const entry = (n: number): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: 1_795_000_000_000_000 + n,
  payload: { record: record(n), raw_hex: RAW_HEX, received_at_us: 1_795_000_000_000_000 + n },
  passing: { decoder_id: 268307, passing_number: n },
});

async function throughLog(dir: string): Promise<{ perSecond: number; batches: number; envelopeBytes: number }> {
  const log = await EnvelopeLog.open({ dir, trackId: 'bench', clientId: 'box', limits: { minFreeBytes: 0 } });
  let inflight = 0;
  let wake: (() => void) | undefined;
  let envelopeBytes = 0;
  const start = performance.now();
  for (let n = 1; n <= COUNT; n++) {
    inflight++;
    void log.append([entry(n)]).then(([s]) => {
      envelopeBytes ||= JSON.stringify(s!.envelope).length;
      inflight--;
      wake?.();
    });
    // A counter and one wake-up, not a race over every pending promise: the harness must cost less than the log.
    while (inflight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
  }
  while (inflight > 0) await new Promise<void>((r) => (wake = r));
  const seconds = (performance.now() - start) / 1000;
  const { batches_written: batches } = log.stats();
  await log.close();
  return { perSecond: COUNT / seconds, batches, envelopeBytes };
}

/** The same keys and value sizes written straight to classic-level, `sync` batches of `batchSize` envelopes. */
async function raw(dir: string, batchSize: number, envelopeBytes: number): Promise<number> {
  const db = new Level<string, string>(dir);
  await db.open();
  const value = 'x'.repeat(envelopeBytes);
  const start = performance.now();
  for (let n = 1; n <= COUNT; n += batchSize) {
    const ops = [];
    for (let i = n; i < Math.min(n + batchSize, COUNT + 1); i++) {
      ops.push({ type: 'put' as const, key: envelopeKey(i), value }, { type: 'put' as const, key: passingKey(268307, i), value: String(i) }, { type: 'put' as const, key: passingByLsnKey(i), value: '' });
    }
    await db.batch(ops, { sync: true });
  }
  const seconds = (performance.now() - start) / 1000;
  await db.close();
  return COUNT / seconds;
}

export const envelopeLogBench: BenchEntry = {
  name: 'envelope log durable appends (envelopes/s, group commit)',
  target: { value: 20_000, better: 'higher' },
  async run() {
    const base = mkdtempSync(join(tmpdir(), 'mre-bench-log-'));
    try {
      const log = await throughLog(join(base, 'log'));
      const perBatch = Math.max(1, Math.round(COUNT / log.batches));
      const rawRate = await raw(join(base, 'raw'), perBatch, log.envelopeBytes);
      return {
        value: Math.round(log.perSecond),
        unit: 'envelopes/s',
        detail: {
          envelopes: COUNT,
          in_flight: IN_FLIGHT,
          fsynced_batches: log.batches,
          envelopes_per_batch: perBatch,
          raw_classic_level_sync_per_s: Math.round(rawRate),
          ratio_to_raw: Math.round((log.perSecond / rawRate) * 100) / 100,
          disk: tmpdir(),
        },
      };
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  },
};
