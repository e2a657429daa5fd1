/** @module P3 decode throughput: the real 1,388-frame 2019 session repeated past 50 MB, streamed through the decoder on one thread. */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { encodeRecord, hexTextToBytes, P3Decoder } from '../../shared/p3/index.ts';
import { sharedPath } from '../support/shared-fixtures.ts';
import type { BenchEntry } from './bench-types.ts';

const SESSION = 'fixtures/p3/vmindru_amb_2019-03-02.hexlines.txt';
const TARGET_BYTES = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** The real session when ../shared is here; otherwise a session of the same mix made with our own encoder. */
function sessionBytes(): { bytes: Uint8Array; source: string } {
  const path = sharedPath(SESSION);
  if (existsSync(path)) return { bytes: hexTextToBytes(readFileSync(path, 'utf8')), source: SESSION };
  const frames: Uint8Array[] = [];
  for (let i = 0; i < 1388; i++) {
    frames.push(i % 16 === 0
      ? encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 157777 + i, transponder: 3438895, rtc_time_us: 1551542808933000 + i * 1000, strength: 150, hits: 40, flags: 0, decoder_id: 268307 })
      : encodeRecord({ type: 'STATUS', tor: 2, version: 2, noise: 40, temperature: 22, input_voltage: 118, gps: 0, decoder_id: 268307 }));
  }
  return { bytes: Buffer.concat(frames), source: 'synthetic (../shared absent)' };
}

function decodeOnce(input: Uint8Array): { seconds: number; records: number } {
  let records = 0;
  const decoder = new P3Decoder({ onRecord: () => void records++, onBad: () => undefined });
  const start = performance.now();
  for (let at = 0; at < input.length; at += CHUNK) decoder.push(input.subarray(at, at + CHUNK));
  decoder.end();
  return { seconds: (performance.now() - start) / 1000, records };
}

export const p3DecodeBench: BenchEntry = {
  name: 'p3 decode throughput (MB/s, one core)',
  target: { value: 50, better: 'higher' },
  async run() {
    const { bytes, source } = sessionBytes();
    const copies = Math.ceil(TARGET_BYTES / bytes.length);
    const input = Buffer.concat(Array.from({ length: copies }, () => bytes));
    decodeOnce(input.subarray(0, 4 * 1024 * 1024));
    // Five runs, median reported: shared virtual machines vary by tens of per cent run to run.
    const runs = Array.from({ length: 5 }, () => decodeOnce(input)).sort((a, b) => a.seconds - b.seconds);
    const median = runs[2]!;
    const mb = input.length / (1024 * 1024);
    const rate = (seconds: number) => Math.round((mb / seconds) * 10) / 10;
    return {
      value: rate(median.seconds),
      unit: 'MB/s',
      detail: { input: source, megabytes: Math.round(mb * 10) / 10, records: median.records, frames_per_second: Math.round(median.records / median.seconds), runs: 5, statistic: 'median', best_mb_s: rate(runs[0]!.seconds), worst_mb_s: rate(runs[4]!.seconds) },
    };
  },
};
