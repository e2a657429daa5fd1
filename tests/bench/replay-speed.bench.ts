/** @module Replay speed side by side with the engine in memory: a weekly club's season replayed as a box replays it; one race day and five consecutive days with every envelope compared; `--repair`; cold starts; and the floor, the log read and parsed with no engine. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { configureLogging } from '../../shared/log/index.ts';
import type { BenchEntry } from './bench-types.ts';
import { logDataDir, raceDayDataDir } from './race-day-dir.ts';
import { raceDayLog, raceDaysLog } from './race-day-log.ts';
import { LONG_PAIRS, median, RUNS, seasonReplay, sideBySide, type SideBySide } from './replay-runs.ts';
import { Replayer } from './replayer.ts';

/** The generated day is in 2023: with the default keep_days its derived events are past keeping (a season's old days); with this, all are kept (today's). */
const KEEP_ALL_DAYS = 100_000;

/** Race days in the longer log: the engine carries every day it has not archived, and the store holds five days of records. */
const DAYS = 5;

/** Pairs for one race day: a day's replay is short, so more of them steady the median. */
const DAY_RUNS = 7;

const ratio = (engine: number, rate: number) => Math.round((engine / rate) * 10) / 10;

/** Engine in memory and a full-compare replay of a store a cold start wrote, on `days` consecutive race days in one log. */
async function daysSideBySide(replayer: Replayer, days: number): Promise<SideBySide & { envelopes: number }> {
  const log = raceDaysLog(days).envelopes;
  const { dir, envelopes } = await logDataDir(log);
  try {
    await replayer.run({ op: 'cold-start', dir, keepDays: KEEP_ALL_DAYS });
    return { ...(await sideBySide(log, () => replayer.run({ op: 'replay', dir }), LONG_PAIRS)), envelopes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const replaySpeedBench: BenchEntry = {
  name: 'replay vs engine in memory (times slower, a season as a box replays it)',
  target: { value: 2, better: 'lower' },
  async run() {
    const restore = configureLogging({ level: 'warn' });
    const day = raceDayLog().envelopes;
    const { dir, envelopes } = await raceDayDataDir();
    const replayer = Replayer.start();
    const replay = () => replayer.run({ op: 'replay', dir });
    try {
      const rate = (seconds: number[]) => Math.round(envelopes / median(seconds));
      const cold: number[] = [];
      const coldKept: number[] = [];
      const repair: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        cold.push(await replayer.run({ op: 'cold-start', dir }));
        coldKept.push(await replayer.run({ op: 'cold-start', dir, keepDays: KEEP_ALL_DAYS }));
        // --repair on a store whose CURRENT is gone: found damaged, moved aside, rebuilt with the whole day kept.
        rmSync(join(dir, 'engine', 'CURRENT'));
        repair.push(await replayer.run({ op: 'repair', dir, keepDays: KEEP_ALL_DAYS }));
      }
      // The store now keeps the whole day: every envelope is compared.
      const full = await sideBySide(day, replay, DAY_RUNS);
      await replayer.run({ op: 'cold-start', dir });
      const pastKeep = await sideBySide(day, replay, DAY_RUNS);
      const floor = await replayer.run({ op: 'read-parse', dir });
      rmSync(dir, { recursive: true, force: true });
      // Cold starts, --repair and the floor are set against the warm engine the replays were paired with.
      const engineDay = full.engine;
      const days = await daysSideBySide(replayer, DAYS);
      const season = await seasonReplay(replayer);
      return {
        value: season.ratio,
        unit: '× engine time',
        detail: {
          season_envelopes: season.envelopes,
          season_engine_in_memory_per_s: season.engine,
          season_replay_per_s: season.replay,
          season_compared_share: season.compared_share,
          season_archived_events: season.archived,
          envelopes,
          engine_in_memory_per_s: engineDay,
          replay_full_compare_per_s: full.replay,
          replay_day_past_keep_days_per_s: pastKeep.replay,
          repair_damaged_store_per_s: rate(repair),
          cold_start_day_kept_per_s: rate(coldKept),
          cold_start_day_past_keep_days_per_s: rate(cold),
          floor_log_read_and_parse_per_s: floor,
          ratio_replay_full_compare: full.ratio,
          ratio_replay_day_past_keep_days: pastKeep.ratio,
          ratio_cold_start_day_kept: ratio(engineDay, rate(coldKept)),
          ratio_cold_start_day_past_keep_days: ratio(engineDay, rate(cold)),
          ratio_floor_log_read_and_parse: ratio(engineDay, floor),
          [`days_${DAYS}_envelopes`]: days.envelopes,
          [`days_${DAYS}_engine_in_memory_per_s`]: days.engine,
          [`days_${DAYS}_replay_full_compare_per_s`]: days.replay,
          [`ratio_days_${DAYS}_replay_full_compare`]: days.ratio,
        },
      };
    } finally {
      replayer.close();
      rmSync(dir, { recursive: true, force: true });
      configureLogging(restore);
    }
  },
};
