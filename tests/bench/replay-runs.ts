/** @module The runs the replay bench is made of: the engine in memory, a cold start, the log's read-and-parse floor, and a weekly club's season replayed as a box replays it. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { envelopeBatches, EnvelopeLog } from '../../appliance/log/index.ts';
import { openLogDb } from '../../appliance/log/open-db.ts';
import { RaceHost } from '../../appliance/race/race-host.ts';
import { verifyReplay } from '../../appliance/race/replay.ts';
import type { Envelope } from '../../shared/contracts/index.ts';
import { ENGINE_MESSAGE_TYPES, RaceEngine } from '../../shared/race/index.ts';
import { logDataDir } from './race-day-dir.ts';
import type { Replayer } from './replayer.ts';
import { raceDaysLog, raceDayStartUs } from './race-day-log.ts';

export const RUNS = 3;
/** Pairs for a long replay (five days, a season): a median of five steadies the ratio where a few seconds' drift moves one pair. */
export const LONG_PAIRS = 5;
const DAY_US = 86_400e6;

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds for one pass of a fresh engine over envelopes already in memory. */
function enginePass(envelopes: readonly Envelope[]): number {
  const engine = RaceEngine.create();
  const started = performance.now();
  for (const e of envelopes) engine.applyStep(e);
  return (performance.now() - started) / 1000;
}

export interface SideBySide {
  /** Envelopes a second, each the median of its runs. */
  engine: number;
  replay: number;
  /** The median over runs of each replay's time over the mean of the engine passes run just before and just after it. */
  ratio: number;
}

/**
 * The engine in memory and a replay of the same envelopes, after one of each to warm up, in turn:
 * engine, replay, engine, replay, … engine. This machine's speed drifts by a third within a
 * minute, even between two engine passes a replay apart, so each replay is set against the mean
 * of the engine passes on either side of it: a ratio of times taken together drifts far less
 * than one of two medians taken apart.
 */
export async function sideBySide(envelopes: readonly Envelope[], replay: () => Promise<number>, runs = RUNS): Promise<SideBySide> {
  enginePass(envelopes);
  await replay();
  const engine: number[] = [enginePass(envelopes)];
  const replayed: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < runs; run++) {
    replayed.push(await replay());
    engine.push(enginePass(envelopes));
    ratios.push(replayed.at(-1)! / ((engine.at(-2)! + engine.at(-1)!) / 2));
  }
  const rate = (seconds: number[]) => Math.round(envelopes.length / median(seconds));
  return { engine: rate(engine), replay: rate(replayed), ratio: Math.round(median(ratios) * 100) / 100 };
}

/** Seconds for a full-compare replay of a data dir, which must find the store equal. */
export async function equalReplay(dir: string): Promise<number> {
  const report = await verifyReplay(dir);
  if (!report.equal) throw new Error(`replay found a difference at lsn ${report.first_difference?.lsn}`);
  return report.ms / 1000;
}

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** RaceHost.start on an empty engine store: the whole log is caught up with. */
export async function coldStart(dir: string, keepDays?: number): Promise<number> {
  rmSync(join(dir, 'engine'), { recursive: true, force: true });
  const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'bench', clientId: 'box', limits: { minFreeBytes: 0 } });
  const seconds = await timed(async () => {
    const { host } = await RaceHost.start({ log, dir: join(dir, 'engine'), ...(keepDays ? { keepDays } : {}) });
    await host.stop();
  });
  await log.close();
  return seconds;
}

/** The floor under any replay: the data dir's log read and parsed as replay reads it, with no engine (envelopes a second, median of RUNS). */
export async function readParseRate(dir: string): Promise<number> {
  const db = await openLogDb(join(dir, 'log'), { createIfMissing: false, locked: 'the bench log is in use' });
  try {
    const rates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let envelopes = 0;
      const seconds = await timed(async () => {
        for await (const batch of envelopeBatches(db, 0, 1000, ENGINE_MESSAGE_TYPES)) envelopes += batch.length;
      });
      rates.push(envelopes / seconds);
    }
    return Math.round(median(rates));
  } finally {
    await db.close();
  }
}

/** Race days in the season and how many of the last ones are within keep_days at its end (two weeks, the default). */
const WEEKS = 10;
const KEPT_WEEKS = 2;

export interface SeasonReplay extends SideBySide {
  envelopes: number;
  /** Share of the log whose every envelope's derived events were compared (the kept days); the rest is rebuilt and its archives compared. */
  compared_share: number;
  archived: number;
}

/**
 * A weekly club's season in one log, replayed (in the replayer's process) as `mre appliance replay` replays a box at the
 * season's end: the store (written by a cold start) keeps the last two race days' derived
 * events, so those are compared envelope by envelope and the weeks before only rebuilt, each
 * archived event's views compared. Engine in memory on the same envelopes beside it.
 */
export async function seasonReplay(replayer: Replayer): Promise<SeasonReplay> {
  const log = raceDaysLog(WEEKS, 7).envelopes;
  const { dir, envelopes } = await logDataDir(log);
  try {
    // keep_days as a box whose clock reads the season's end would apply it: the last KEPT_WEEKS race days are younger.
    const keepDays = Math.floor((Date.now() * 1000 - raceDayStartUs(WEEKS - KEPT_WEEKS, 7)) / DAY_US) + 1;
    await replayer.run({ op: 'cold-start', dir, keepDays });
    const report = await verifyReplay(dir);
    if (report.archived === 0 || report.compared_from_lsn <= 1) throw new Error('the season replay archived nothing or compared every envelope: the generated season is not what this measures');
    const paired = await sideBySide(log, () => replayer.run({ op: 'replay', dir }), LONG_PAIRS);
    return { ...paired, envelopes, compared_share: Math.round((1 - report.compared_from_lsn / envelopes) * 100) / 100, archived: report.archived };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
