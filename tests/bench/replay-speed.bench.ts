/** @module Replay speed side by side on one generated race day: the engine in memory, `mre appliance replay` and `--repair` from a real LevelDB log dir, and a cold start catching up with that log; then the engine and replay on five such days in one log. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnvelopeLog } from '../../appliance/log/index.ts';
import { RaceHost } from '../../appliance/race/race-host.ts';
import { verifyReplay } from '../../appliance/race/replay.ts';
import { configureLogging } from '../../shared/log/index.ts';
import { RaceEngine } from '../../shared/race/index.ts';
import type { Envelope } from '../../shared/contracts/index.ts';
import type { BenchEntry } from './bench-types.ts';
import { logDataDir, raceDayDataDir } from './race-day-dir.ts';
import { raceDayLog, raceDaysLog } from './race-day-log.ts';

const RUNS = 3;
/** The generated day is in 2023: with the default keep_days its derived events are past keeping (a season's old days); with this, all are kept (today's). */
const KEEP_ALL_DAYS = 100_000;

/** Race days in the longer log: the engine carries every day it has not archived, and the store holds five days of records. */
const DAYS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function engineRate(envelopes: readonly Envelope[]): number {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const engine = RaceEngine.create();
    const started = performance.now();
    for (const e of envelopes) engine.applyStep(e);
    rates.push(envelopes.length / ((performance.now() - started) / 1000));
  }
  return Math.round(median(rates));
}

/** Engine in memory and a full-compare replay of a store a cold start wrote, on `days` race days in one log. */
async function daysSideBySide(days: number): Promise<{ envelopes: number; engine: number; replay: number }> {
  const log = raceDaysLog(days).envelopes;
  const engine = engineRate(log);
  const { dir, envelopes } = await logDataDir(log);
  try {
    await coldStart(dir, KEEP_ALL_DAYS);
    const seconds: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const full = await verifyReplay(dir);
      if (!full.equal) throw new Error(`replay of ${days} days found a difference at lsn ${full.first_difference?.lsn}`);
      seconds.push(full.ms / 1000);
    }
    return { envelopes, engine, replay: Math.round(envelopes / median(seconds)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** RaceHost.start on an empty engine store: the whole log is caught up with. */
async function coldStart(dir: string, keepDays?: number): Promise<number> {
  rmSync(join(dir, 'engine'), { recursive: true, force: true });
  const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'bench', clientId: 'box', limits: { minFreeBytes: 0 } });
  const seconds = await timed(async () => {
    const { host } = await RaceHost.start({ log, dir: join(dir, 'engine'), ...(keepDays ? { keepDays } : {}) });
    await host.stop();
  });
  await log.close();
  return seconds;
}

export const replaySpeedBench: BenchEntry = {
  name: 'replay vs engine in memory (times slower, full compare)',
  target: { value: 2, better: 'lower' },
  async run() {
    const restore = configureLogging({ level: 'warn' });
    const engineDay = engineRate(raceDayLog().envelopes);
    const { dir } = await raceDayDataDir();
    try {
      const rate = (seconds: number[]) => Math.round(logged / median(seconds));
      let logged = 0;
      const cold: number[] = [];
      const coldKept: number[] = [];
      const replayOld: number[] = [];
      const replayFull: number[] = [];
      const repair: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        cold.push(await coldStart(dir));
        replayOld.push(await timed(async () => (logged = (await verifyReplay(dir)).envelopes)));
        coldKept.push(await coldStart(dir, KEEP_ALL_DAYS));
        const full = await verifyReplay(dir);
        if (!full.equal) throw new Error(`replay found a difference at lsn ${full.first_difference?.lsn}`);
        replayFull.push(full.ms / 1000);
        // --repair on a store whose CURRENT is gone: found damaged, moved aside, rebuilt with the whole day kept.
        rmSync(join(dir, 'engine', 'CURRENT'));
        repair.push(await timed(() => verifyReplay(dir, { repair: true, keepDays: KEEP_ALL_DAYS })));
      }
      rmSync(dir, { recursive: true, force: true });
      const season = await daysSideBySide(DAYS);
      return {
        value: Math.round((engineDay / rate(replayFull)) * 10) / 10,
        unit: '× engine time',
        detail: {
          envelopes: logged,
          engine_in_memory_per_s: engineDay,
          replay_full_compare_per_s: rate(replayFull),
          replay_day_past_keep_days_per_s: rate(replayOld),
          repair_damaged_store_per_s: rate(repair),
          cold_start_day_kept_per_s: rate(coldKept),
          cold_start_day_past_keep_days_per_s: rate(cold),
          ratio_replay_day_past_keep_days: Math.round((engineDay / rate(replayOld)) * 10) / 10,
          ratio_cold_start_day_kept: Math.round((engineDay / rate(coldKept)) * 10) / 10,
          ratio_cold_start_day_past_keep_days: Math.round((engineDay / rate(cold)) * 10) / 10,
          [`days_${DAYS}_envelopes`]: season.envelopes,
          [`days_${DAYS}_engine_in_memory_per_s`]: season.engine,
          [`days_${DAYS}_replay_full_compare_per_s`]: season.replay,
          [`ratio_days_${DAYS}_replay_full_compare`]: Math.round((season.engine / season.replay) * 10) / 10,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
      configureLogging(restore);
    }
  },
};
