/** @module LiveRC race-result parse time: the real 160 KB A-Main page (12 drivers, 444 laps) parsed whole, median of 60 runs; the B-Main alongside. */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseRaceResult } from '../../cloud/liverc/parsers/index.ts';
import { sharedPath } from '../support/shared-fixtures.ts';
import type { BenchEntry } from './bench-types.ts';

const A_MAIN = 'fixtures/liverc/race-result-6304829.html';
const B_MAIN = 'fixtures/liverc/race-result-6304830.html';
const WARM_UP = 10;
const RUNS = 60;

function page(relative: string): string {
  const path = sharedPath(relative);
  // No stand-in: the figure only means something on the real page.
  if (!existsSync(path)) throw new Error(`no ${path}: the LiveRC parse bench needs the shared race pages`);
  return readFileSync(path, 'utf8');
}

const round = (ms: number) => Math.round(ms * 100) / 100;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timeParses(html: string): { median: number; best: number; p90: number; cpuMedian: number; laps: number } {
  let laps = 0;
  for (let i = 0; i < WARM_UP; i++) parseRaceResult(html);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const parsed = parseRaceResult(html);
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    // CPU time beside wall time: on a shared machine the wall figure also counts time spent descheduled.
    cpu.push((used.user + used.system) / 1000);
    laps = parsed.results.reduce((n, r) => n + r.lap_times.length, 0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: round(median(times)), best: round(sorted[0]!), p90: round(sorted[Math.floor(RUNS * 0.9)]!), cpuMedian: round(median(cpu)), laps };
}

export const livercParseBench: BenchEntry = {
  name: 'liverc race-result parse, 160 KB page (ms, median)',
  target: { value: 15, better: 'lower' },
  async run() {
    const aHtml = page(A_MAIN);
    const bHtml = page(B_MAIN);
    const a = timeParses(aHtml);
    const b = timeParses(bHtml);
    return {
      value: a.median,
      unit: 'ms',
      detail: {
        input: A_MAIN,
        kilobytes: Math.round(aHtml.length / 102.4) / 10,
        laps: a.laps,
        runs: RUNS,
        statistic: 'median',
        best_ms: a.best,
        p90_ms: a.p90,
        cpu_median_ms: a.cpuMedian,
        b_main_input: B_MAIN,
        b_main_kilobytes: Math.round(bHtml.length / 102.4) / 10,
        b_main_laps: b.laps,
        b_main_median_ms: b.median,
        b_main_best_ms: b.best,
        b_main_cpu_median_ms: b.cpuMedian,
      },
    };
  },
};
