/** @module `mre` start-up: `mre --help` and `mre decode` of a small capture as real child processes, against `node -e 0` as the floor. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeRecord } from '../../shared/p3/index.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import type { BenchEntry } from './bench-types.ts';

const RUNS = 7;
const MRE = join(REPO_ROOT, 'bin', 'mre.mjs');

/** Milliseconds one process takes from spawn to exit; it must exit 0 or the figure means nothing. */
function timeOnce(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${String(result.stderr).split('\n')[0]}`);
  return ms;
}

/** Median of RUNS runs, after one run that fills tsx's compile cache. */
function median(args: string[]): number {
  timeOnce(args);
  const times = Array.from({ length: RUNS }, () => timeOnce(args)).sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

const round = (ms: number) => Math.round(ms);
const ratio = (ms: number, floor: number) => Math.round((ms / floor) * 10) / 10;

export const cliStartupBench: BenchEntry = {
  name: 'mre start-up, slower of --help and decode (ms)',
  target: { value: 1000, better: 'lower' },
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'mre-bench-cli-'));
    try {
      const capture = join(dir, 'small.bin');
      writeFileSync(capture, Buffer.concat(Array.from({ length: 20 }, (_, i) => encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 100 + i, transponder: 3438895, rtc_time_us: 1551548443067000 + i * 15_000_000, decoder_id: 268307 }))));
      const floor = median(['-e', '0']);
      const help = median([MRE, '--help']);
      const decode = median([MRE, 'decode', capture]);
      // A newcomer's very first run: tsx compiles every module it loads before caching it.
      const cold = timeOnce([MRE, '--help'], { ...process.env, TMPDIR: dir });
      return {
        value: round(Math.max(help, decode)),
        unit: 'ms',
        detail: { help_ms: round(help), decode_ms: round(decode), node_floor_ms: round(floor), help_ratio: ratio(help, floor), decode_ratio: ratio(decode, floor), first_help_uncached_ms: round(cold), runs: RUNS, statistic: 'median' },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
