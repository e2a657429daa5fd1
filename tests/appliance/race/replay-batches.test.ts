/** @module Replay and cold start over a real LevelDB log of a generated race day: batched reads, derived text written and compared exactly as JSON.stringify would, and days past keep_days never written. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { EnvelopeLog } from '../../../appliance/log/index.ts';
import { derivedJson, derivedText, sameText } from '../../../appliance/race/derived-json.ts';
import { EngineStore } from '../../../appliance/race/engine-store.ts';
import { RaceHost } from '../../../appliance/race/race-host.ts';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { RaceEngine } from '../../../shared/race/index.ts';
import { raceDayDataDir } from '../../bench/race-day-dir.ts';
import { raceDayLog } from '../../bench/race-day-log.ts';

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
  for await (const batch of store.derivedBatches()) count += batch.length;
  const droppedThrough = store.derivedDroppedThrough;
  await store.close();
  return { count, droppedThrough };
}

it('replay - derived events are written exactly as JSON.stringify writes them, and compared in place without being built', () => {
  const engine = RaceEngine.create();
  let compared = 0;
  let rowsChanged = 0;
  for (const envelope of raceDayLog().envelopes.slice(0, ENVELOPES)) {
    for (const event of engine.applyStep(envelope).events) {
      const json = JSON.stringify(event);
      expect(derivedJson(event)).toBe(json);
      const text = derivedText(event);
      expect(sameText(text, json)).toBe(true);
      expect(sameText(text, `${json.slice(0, -1)} `)).toBe(false);
      // One digit off in a board's last row, a row the next events reuse by identity.
      const changed = json.replace(/"rejected_laps":(\d+)}\]/, '"rejected_laps":9$1}]');
      if (changed !== json) {
        expect(sameText(text, changed)).toBe(false);
        rowsChanged++;
      }
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(5000);
  expect(rowsChanged).toBeGreaterThan(1000);
});

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

it('replay - with the whole day kept, every derived event is compared, and one changed inside a board row is found', async () => {
  const dir = await dayDir();
  const report = await coldStart(dir, KEEP_ALL_DAYS);
  const full = await verifyReplay(dir);
  expect(full).toMatchObject({ equal: true, derived: report.derived, stored: report.derived });

  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const practice = (await db.iterator({ gt: 'd!', lt: 'd"', reverse: true, limit: 50 }).all()).find(([, v]) => v.includes('"format":"practice"') && v.includes('"best_lap_ms":'))!;
  await db.put(practice[0], practice[1].replace(/"best_lap_ms":(\d+)/, (_m, ms: string) => `"best_lap_ms":${Number(ms) + 1}`));
  await db.close();
  const tampered = await verifyReplay(dir);
  expect(tampered.equal).toBe(false);
  expect(tampered.first_difference?.lsn).toBe(Number(practice[0].slice(2, 18)));
  expect(tampered.first_difference?.stored).not.toBe(tampered.first_difference?.rebuilt);

  const repaired = await verifyReplay(dir, { repair: true, keepDays: KEEP_ALL_DAYS });
  expect(repaired.repaired).toBe(true);
  expect(await verifyReplay(dir)).toMatchObject({ equal: true, stored: report.derived });
});
