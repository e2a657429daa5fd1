/** @module Engine snapshots as files beside the store's LevelDB: none among its records, the newest three kept, a store from before moved over at open, a left-over temp file cleared. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { EngineStore } from '../../../appliance/race/engine-store.ts';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { bootRaceBox, finishedMoto } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

const OLD_RANGE = { gt: 's!', lt: 's"' } as const;
const snapshotNames = (dir: string) => readdirSync(join(dir, 'engine', 'snapshots')).sort();

async function levelKeys(dir: string, range: { gt: string; lt: string }): Promise<string[]> {
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  try {
    return await db.keys(range).all();
  } finally {
    await db.close();
  }
}

it('snapshot files - a box keeps its engine snapshots as files named by lsn, none among the store records in LevelDB', async () => {
  const { dir } = await finishedMoto(cleanups);
  const names = snapshotNames(dir);
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toMatch(/^\d{16}\.json$/);
  const newest = JSON.parse(readFileSync(join(dir, 'engine', 'snapshots', names.at(-1)!), 'utf8')) as { v: number };
  expect(newest.v).toBeGreaterThan(0);
  expect(await levelKeys(dir, OLD_RANGE)).toEqual([]);
  expect((await verifyReplay(dir)).equal).toBe(true);
});

it('snapshot files - the newest three are kept, and a temp file a killed write left is cleared on the next save', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mre-snapshots-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const store = await EngineStore.open(join(dir, 'engine'));
  cleanups.push(() => store.close());
  for (const lsn of [10, 20, 30]) await store.saveSnapshot(lsn, JSON.stringify({ lsn }));
  const leftover = join(dir, 'engine', 'snapshots', '0000000000000040.json.4242.tmp');
  writeFileSync(leftover, '{"half":');
  for (const lsn of [40, 50]) await store.saveSnapshot(lsn, JSON.stringify({ lsn }));
  expect(snapshotNames(dir)).toEqual(['0000000000000030.json', '0000000000000040.json', '0000000000000050.json']);
  expect(existsSync(leftover)).toBe(false);
  const listed = await store.snapshots();
  expect(listed.map((s) => s.lsn)).toEqual([50, 40, 30]);
  expect(await listed[0]!.read()).toBe('{"lsn":50}');
});

it('snapshot files - a store that kept snapshots in LevelDB has the newest moved to files at open, and the box resumes from them', async () => {
  const { dir, races } = await finishedMoto(cleanups);
  const snapshots = join(dir, 'engine', 'snapshots');
  const [name] = snapshotNames(dir).slice(-1);
  const lsn = Number(name!.slice(0, 16));
  const text = readFileSync(join(snapshots, name!), 'utf8');
  // As an earlier version left it: the snapshot under `s!<lsn>` in LevelDB, no snapshot files.
  rmSync(snapshots, { recursive: true });
  const db = new Level<string, string>(join(dir, 'engine'));
  await db.open();
  await db.put(`s!${String(lsn).padStart(16, '0')}`, text);
  await db.put(`s!${String(lsn - 1).padStart(16, '0')}`, '{"older":true}');
  await db.close();

  const lines: string[] = [];
  const restore = configureLogging({ write: (line) => lines.push(line) });
  let box: Awaited<ReturnType<typeof bootRaceBox>>;
  try {
    box = await bootRaceBox(cleanups, {}, dir);
  } finally {
    configureLogging(restore);
  }
  expect(lines.find((l) => l.includes('snapshots moved out of LevelDB'))).toContain('snapshots=2');
  const resumed = lines.find((l) => l.includes('race engine resumed'));
  expect(resumed).toContain(`from_snapshot_lsn=${lsn}`);
  expect((await box.get('/api/races')).body).toEqual(races);
  await box.appliance.stop();
  expect(await levelKeys(dir, OLD_RANGE)).toEqual([]);
  expect(readFileSync(join(snapshots, name!), 'utf8')).toBe(text);
});
