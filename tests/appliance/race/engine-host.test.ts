/** @module The engine on the box: derived events and snapshots persist, a restart resumes from the snapshot, and `mre appliance replay` proves the store equals a rebuild. */
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { EngineStore } from '../../../appliance/race/engine-store.ts';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { runMre } from '../../support/run-mre.ts';
import { bootRaceBox, finishedMoto } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

it('engine host - a restart resumes from the stored snapshot with the same races', async () => {
  const { dir, races } = await finishedMoto(cleanups);
  const again = await bootRaceBox(cleanups, {}, dir);
  expect((await again.get('/api/races')).body).toEqual(races);
  const status = again.appliance.status();
  expect(status.engine.applied_lsn).toBe(status.log.last_lsn);
});

it('engine host - mre appliance replay finds the store equal to a rebuild from the log', async () => {
  const { dir } = await finishedMoto(cleanups);
  const result = await runMre(['appliance', 'replay', '--json'], { env: { MRE_DATA_DIR: dir } });
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { equal: boolean; derived: number; stored: number; envelopes: number };
  expect(report).toMatchObject({ equal: true });
  expect(report.derived).toBeGreaterThanOrEqual(7); // setup, stage, gate, 3 finishes, finished, standings
  expect(report.stored).toBe(report.derived);
});

it('engine host - a derived event that differs from the rebuild is reported (exit 1) and --repair replaces the store', async () => {
  const { dir } = await finishedMoto(cleanups);
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const [key, value] = (await db.iterator({ gt: 'd!', lt: 'd"', reverse: true, limit: 1 }).all())[0]!;
  await db.put(key, value.replace('"open"', '"tampered"'));
  await db.close();

  const differs = await runMre(['appliance', 'replay'], { env: { MRE_DATA_DIR: dir } });
  expect(differs.code).toBe(1);
  expect(differs.stdout).toContain('rebuild differs from the store');
  expect(differs.stdout).toContain('"tampered"');

  const repaired = await runMre(['appliance', 'replay', '--repair'], { env: { MRE_DATA_DIR: dir } });
  expect(repaired.code).toBe(0);
  expect((await verifyReplay(dir)).equal).toBe(true);
});

it('engine host - replay refuses to run beside a running appliance', async () => {
  const box = await bootRaceBox(cleanups);
  const result = await runMre(['appliance', 'replay'], { env: { MRE_DATA_DIR: box.dir } });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('is in use: stop the appliance first');
});

it('engine host - old derived events are pruned by whole envelopes, and replay compares from the first one kept', async () => {
  const { dir } = await finishedMoto(cleanups);
  const store = await EngineStore.open(join(dir, 'engine'));
  const all: { lsn: number; at_us: number }[] = [];
  for await (const item of store.derived()) all.push({ lsn: item.lsn, at_us: item.event.at_us });
  const removed = await store.pruneBefore(all[Math.floor(all.length / 2)]!.at_us);
  const kept: number[] = [];
  for await (const item of store.derived()) kept.push(item.lsn);
  await store.close();
  expect(removed).toBe(all.filter((e) => e.lsn < kept[0]!).length);
  expect(removed).toBeGreaterThan(0);
  expect(new Set(all.filter((e) => e.lsn >= kept[0]!).map((e) => e.lsn))).toEqual(new Set(kept));
  const report = await verifyReplay(dir);
  expect(report).toMatchObject({ equal: true, compared_from_lsn: kept[0], stored: kept.length });
});

it('engine host - a derived event missing from the store, or one too many, is a difference too', async () => {
  const { dir } = await finishedMoto(cleanups);
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const [key, value] = (await db.iterator({ gt: 'd!', lt: 'd"', reverse: true, limit: 1 }).all())[0]!;
  await db.del(key);
  await db.close();
  const missing = JSON.parse((await runMre(['appliance', 'replay', '--json'], { env: { MRE_DATA_DIR: dir } })).stdout) as { equal: boolean; first_difference: { stored: string | null; rebuilt: string | null } };
  expect(missing.equal).toBe(false);
  expect(missing.first_difference).toMatchObject({ stored: null, rebuilt: value });

  await db.open();
  await db.put(key, value);
  await db.put(`${key.slice(0, 18)}!9999`, value);
  await db.close();
  const extra = JSON.parse((await runMre(['appliance', 'replay', '--json'], { env: { MRE_DATA_DIR: dir } })).stdout) as { equal: boolean; first_difference: { stored: string | null; rebuilt: string | null } };
  expect(extra.equal).toBe(false);
  expect(extra.first_difference).toMatchObject({ stored: value, rebuilt: null });
});
