/** @module Replay's archive checks, read beside the replay rather than in its way: the first difference is still the first in log order, whether it is an archived view or an envelope's derived events. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { logDataDir } from '../../bench/race-day-dir.ts';
import { raceDaysLog } from '../../bench/race-day-log.ts';
import { coldStart } from '../../bench/replay-runs.ts';

const KEEP_ALL_DAYS = 100_000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Two race days a week apart in one log, the first archived on the way, and a store that keeps every envelope's record. */
async function twoWeeks(): Promise<string> {
  const restore = configureLogging({ level: 'warn' });
  cleanups.push(() => configureLogging(restore));
  const { dir } = await logDataDir(raceDaysLog(2, 7).envelopes);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  await coldStart(dir, KEEP_ALL_DAYS);
  return dir;
}

/** Changes one character of a stored value and returns a restore. */
async function tamper(dir: string, key: string, edit: (value: string) => string): Promise<() => Promise<void>> {
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const value = await db.get(key);
  await db.put(key, edit(value!));
  await db.close();
  return async () => {
    const again = new Level<string, string>(join(dir, 'engine'));
    await again.open();
    await again.put(key, value!);
    await again.close();
  };
}

/** Stored derived records' keys, in log order. */
async function derivedKeys(dir: string): Promise<string[]> {
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const keys = await db.keys({ gt: 'h!', lt: 'h"' }).all();
  await db.close();
  return keys;
}

const flipDigest = (value: string) => value.replace(/"digest":"(.)/, (_, c: string) => `"digest":"${c === 'f' ? '0' : 'f'}`);
const lsnOf = (key: string) => Number(key.slice(2));

it('replay - an archived view and a derived record that both differ: the one earlier in the log is the difference reported', async () => {
  const dir = await twoWeeks();
  expect(await verifyReplay(dir)).toMatchObject({ equal: true, archived: 1 });

  // The first day's practice, the largest archived view, with one character changed near its end.
  await tamper(dir, 'a!r!practice', (value) => value.replace(/"laps":(\d+)(?!.*"laps":\d)/s, (_, n: string) => `"laps":${Number(n) + 1}`));
  const archiveOnly = await verifyReplay(dir);
  expect(archiveOnly).toMatchObject({ equal: false, first_difference: { key: 'a!r!practice' } });
  const archivedAt = archiveOnly.first_difference!.lsn;

  const keys = await derivedKeys(dir);
  const later = keys.find((k) => lsnOf(k) > archivedAt)!;
  const earlier = keys.filter((k) => lsnOf(k) < archivedAt).at(-1)!;

  // A derived record after the archive differs too: the archive is still the first difference.
  const restoreLater = await tamper(dir, later, flipDigest);
  expect((await verifyReplay(dir)).first_difference).toMatchObject({ lsn: archivedAt, key: 'a!r!practice' });
  await restoreLater();

  // One before it: that record is, though the archive's stored views were read beside the replay.
  await tamper(dir, earlier, flipDigest);
  const both = await verifyReplay(dir);
  expect(both.first_difference?.lsn).toBe(lsnOf(earlier));
  expect(both.first_difference?.key).toBeUndefined();
  // Two race days' log, a cold start and five replays: minutes on a loaded two-core machine.
}, 180_000);
