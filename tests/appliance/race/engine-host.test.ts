/** @module The engine on the box: derived events and snapshots persist, a restart resumes from the snapshot, and `mre appliance replay` proves the store equals a rebuild. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { EngineStore } from '../../../appliance/race/engine-store.ts';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { runMre } from '../../support/run-mre.ts';
import { RaceEngine } from '../../../shared/race/index.ts';
import { readLogDir } from '../service/support.ts';
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
  const [key, value] = (await db.iterator({ gt: 'h!', lt: 'h"', reverse: true, limit: 1 }).all())[0]!;
  const record = JSON.parse(value) as { digest: string };
  const tampered = JSON.stringify({ ...record, digest: `${record.digest.slice(0, -1)}${record.digest.endsWith('0') ? '1' : '0'}` });
  await db.put(key, tampered);
  await db.close();

  const differs = await runMre(['appliance', 'replay'], { env: { MRE_DATA_DIR: dir } });
  expect(differs.code).toBe(1);
  expect(differs.stdout).toContain('rebuild differs from the store');
  // Both sides are shown: the stored record, and the rebuilt events with the record they should have left.
  expect(differs.stdout).toContain(tampered);
  expect(differs.stdout).toContain(value);

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
  const all: { lsn: number; at_us: number; events: number }[] = [];
  for await (const batch of store.derivedBatches()) all.push(...batch);
  const removed = await store.pruneBefore(all[Math.floor(all.length / 2)]!.at_us);
  const kept: { lsn: number; events: number }[] = [];
  for await (const batch of store.derivedBatches()) kept.push(...batch);
  await store.close();
  const sum = (records: { events: number }[]) => records.reduce((n, r) => n + r.events, 0);
  expect(removed).toBe(sum(all.filter((e) => e.lsn < kept[0]!.lsn)));
  expect(removed).toBeGreaterThan(0);
  expect(all.filter((e) => e.lsn >= kept[0]!.lsn).map((e) => e.lsn)).toEqual(kept.map((e) => e.lsn));
  const report = await verifyReplay(dir);
  expect(report).toMatchObject({ equal: true, compared_from_lsn: kept[0]!.lsn, stored: sum(kept) });
});

it('engine host - a derived event missing from the store, or one too many, is a difference too', async () => {
  const { dir } = await finishedMoto(cleanups);
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const [key, value] = (await db.iterator({ gt: 'h!', lt: 'h"', reverse: true, limit: 1 }).all())[0]!;
  await db.del(key);
  await db.close();
  type Report = { equal: boolean; first_difference: { lsn: number; stored: string | null; rebuilt: string | null } };
  const missing = JSON.parse((await runMre(['appliance', 'replay', '--json'], { env: { MRE_DATA_DIR: dir } })).stdout) as Report;
  expect(missing.equal).toBe(false);
  expect(missing.first_difference).toMatchObject({ lsn: Number(key.slice(2)), stored: null });
  // The rebuilt side ends with exactly the record the store should have held.
  expect(missing.first_difference.rebuilt!.split('\n').at(-1)).toBe(value);

  // A record past the end of the log: the rebuild derived nothing there.
  const lsnWithout = Number(key.slice(2)) + 1000;
  await db.open();
  await db.put(key, value);
  await db.put(`h!${String(lsnWithout).padStart(16, '0')}`, value);
  await db.close();
  const extra = JSON.parse((await runMre(['appliance', 'replay', '--json'], { env: { MRE_DATA_DIR: dir } })).stdout) as Report;
  expect(extra.equal).toBe(false);
  expect(extra.first_difference).toMatchObject({ lsn: lsnWithout, stored: value, rebuilt: null });
});

it('engine host - a store that kept whole derived events (the older format) drops them as pruned, and replay compares after them', async () => {
  const { dir } = await finishedMoto(cleanups);
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  const records = await db.iterator({ gt: 'h!', lt: 'h"' }).all();
  const old = records.slice(0, -2);
  await db.batch(old.flatMap(([key]) => [{ type: 'del' as const, key }, { type: 'put' as const, key: `d!${key.slice(2)}!0000`, value: '{"type":"race.updated"}' }]));
  await db.close();

  const report = await verifyReplay(dir);
  expect(report).toMatchObject({ equal: true, compared_from_lsn: Number(records.at(-2)![0].slice(2)) });
  const store = await EngineStore.open(join(dir, 'engine'));
  expect(store.derivedDroppedThrough).toBe(Number(old.at(-1)![0].slice(2)));
  await store.close();
  await db.open();
  expect(await db.keys({ gt: 'd!', lt: 'd"' }).all()).toEqual([]);
  await db.close();
});

it('engine host - replay --events writes every rebuilt derived event as a JSON line, in log order, exactly as the engine gives them', async () => {
  const { dir } = await finishedMoto(cleanups);
  const file = join(dir, 'events.jsonl');
  const result = await runMre(['appliance', 'replay', '--json', '--events', file], { env: { MRE_DATA_DIR: dir } });
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { derived: number };
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(report.derived);
  const engine = RaceEngine.create();
  const expected = (await readLogDir(join(dir, 'log'))).flatMap((envelope) => engine.applyStep(envelope).events.map((e) => JSON.stringify(e)));
  expect(lines).toEqual(expected);
  expect(lines.some((l) => l.includes('"type":"race.updated"'))).toBe(true);

  const unwritable = await runMre(['appliance', 'replay', '--events', join(dir, 'no-such-dir', 'x.jsonl')], { env: { MRE_DATA_DIR: dir } });
  expect(unwritable.code).toBe(1);
  expect(unwritable.stderr).toMatch(/--events: cannot write .*no-such-dir\/x\.jsonl: ENOENT/);
});
