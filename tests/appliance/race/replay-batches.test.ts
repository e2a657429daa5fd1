/** @module Replay and cold start over a real LevelDB log of a generated race day: batched reads, a digest per envelope written and compared, and days past keep_days never written. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { EnvelopeLog } from '../../../appliance/log/index.ts';
import { EngineStore } from '../../../appliance/race/engine-store.ts';
import { RaceHost } from '../../../appliance/race/race-host.ts';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { raceDayDataDir } from '../../bench/race-day-dir.ts';

/** Enough of the day for its motos, timed heats and an hour of practice. */
const ENVELOPES = 18_000;
const KEEP_ALL_DAYS = 100_000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function dayDir(): Promise<string> {
  const restore = configureLogging({ level: 'warn' });
  cleanups.push(() => configureLogging(restore));
  const { dir } = await raceDayDataDir(ENVELOPES);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function coldStart(dir: string, keepDays?: number) {
  const log = await EnvelopeLog.open({ dir: join(dir, 'log'), trackId: 'bench', clientId: 'box', limits: { minFreeBytes: 0 } });
  const { host, report } = await RaceHost.start({ log, dir: join(dir, 'engine'), ...(keepDays ? { keepDays } : {}) });
  await host.stop();
  await log.close();
  return report;
}

async function storedDerived(dir: string): Promise<{ count: number; droppedThrough: number }> {
  const store = await EngineStore.open(join(dir, 'engine'));
  let count = 0;
  for await (const batch of store.derivedBatches()) for (const record of batch) count += record.events;
  const droppedThrough = store.derivedDroppedThrough;
  await store.close();
  return { count, droppedThrough };
}

it('replay - a cold start of a day past keep_days writes none of its derived events, and replay still finds the store equal', async () => {
  const dir = await dayDir();
  const report = await coldStart(dir);
  expect(report.replayed).toBeGreaterThanOrEqual(ENVELOPES);
  expect(report.derived).toBeGreaterThan(5000);
  const held = await storedDerived(dir);
  expect(held.count).toBe(0);
  expect(held.droppedThrough).toBeGreaterThan(0);
  expect(await verifyReplay(dir)).toMatchObject({ equal: true, stored: 0, envelopes: report.replayed, derived: report.derived });
});

it('replay - with the whole day kept, every envelope\'s derived events are compared, and a record that differs is found', async () => {
  const dir = await dayDir();
  const report = await coldStart(dir, KEEP_ALL_DAYS);
  const full = await verifyReplay(dir);
  expect(full).toMatchObject({ equal: true, derived: report.derived, stored: report.derived });

  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  // A record from late in the practice, where every board row is reused from the events before.
  const [key, value] = (await db.iterator({ gt: 'h!', lt: 'h"', reverse: true, limit: 50 }).all()).at(-1)!;
  const record = JSON.parse(value) as { digest: string };
  await db.put(key, JSON.stringify({ ...record, digest: record.digest.replace(/^./, (c) => (c === 'f' ? '0' : 'f')) }));
  await db.close();
  const tampered = await verifyReplay(dir);
  expect(tampered.equal).toBe(false);
  expect(tampered.first_difference?.lsn).toBe(Number(key.slice(2)));
  expect(tampered.first_difference?.rebuilt?.split('\n').at(-1)).toBe(value);

  const repaired = await verifyReplay(dir, { repair: true, keepDays: KEEP_ALL_DAYS });
  expect(repaired.repaired).toBe(true);
  expect(await verifyReplay(dir)).toMatchObject({ equal: true, stored: report.derived });
});

it('replay - a stored record whose time or types differ, or that does not parse, is the difference found, not a crash', async () => {
  const dir = await dayDir();
  const report = await coldStart(dir, KEEP_ALL_DAYS);
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const [key, value] = (await db.iterator({ gt: 'h!', lt: 'h"', reverse: true, limit: 80 }).all()).at(-1)!;
  await db.close();
  const record = JSON.parse(value) as { at_us: number; types: string[] };
  const tamperings = [JSON.stringify({ ...record, at_us: record.at_us + 1 }), JSON.stringify({ ...record, types: record.types.map((t) => `${t}.x`) }), value.slice(0, 20)];
  for (const tampered of tamperings) {
    const store = new Level<string, string>(join(dir, 'engine'));
    await store.put(key, tampered);
    await store.close();
    const result = await verifyReplay(dir);
    expect(result.equal, tampered).toBe(false);
    expect(result.first_difference).toMatchObject({ lsn: Number(key.slice(2)), stored: tampered });
    expect(result.first_difference?.rebuilt?.split('\n').at(-1)).toBe(value);
    expect(result.envelopes).toBe(report.replayed);
  }
});
