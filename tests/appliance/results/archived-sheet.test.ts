/** @module An archived event's results stay printable: after the next day's event moves it out of the engine, its sheets and CSV are built from the engine store, on a real appliance over real HTTP. */
import { afterEach, expect, it } from 'vitest';
import type { BmxRaceView, RaceDetail } from '../../../shared/race/index.ts';
import { bootRaceBox, finishedMoto, setUpNextDay } from '../race/support.ts';
import { readCsv, readSheet } from './read-sheet.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

it('results sheets - an archived event prints its sheet, its race and its running order from the archive, the same rows as before it left', async () => {
  const { dir } = await finishedMoto(cleanups);
  const before = await bootRaceBox(cleanups, {}, dir);
  const page = async (box: typeof before, path: string) => {
    const response = await fetch(`${box.appliance.url}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const liveSheet = await page(before, '/results/events/club-night');
  const liveCsv = await page(before, '/results/events/club-night.csv');
  expect(readSheet(liveSheet.text).text).not.toContain('archived');
  await before.appliance.stop();

  await setUpNextDay(dir, 'next-night', 'Next night');
  const box = await bootRaceBox(cleanups, {}, dir);
  expect((await box.get('/api/events/club-night')).body).toMatchObject({ archived: true });
  const race = ((await box.get('/api/races/r1')).body as unknown as RaceDetail).race as BmxRaceView;

  const sheet = await page(box, '/results/events/club-night');
  expect(sheet.status).toBe(200);
  const read = readSheet(sheet.text);
  expect(read.text).toContain('Final results: this event is archived on the box.');
  expect(read.races.get('r1')).toEqual(readSheet(liveSheet.text).races.get('r1'));
  expect(read.races.get('r1')!.map((r) => [r.name, r.points])).toEqual([...race.rows].sort((a, b) => a.points! - b.points!).map((r) => [r.name, String(r.points)]));
  expect(read.standings.get('open')).toEqual(readSheet(liveSheet.text).standings.get('open'));
  expect((await page(box, '/results/events/club-night.csv')).text).toBe(liveCsv.text);
  expect(readCsv(liveCsv.text).filter((r) => r.section === 'race')).toHaveLength(3);

  const single = await page(box, '/results/races/r1');
  expect(single.status).toBe(200);
  expect(readSheet(single.text).races.get('r1')).toEqual(read.races.get('r1'));
  expect((await page(box, '/results/events/club-night/classes/open')).status).toBe(200);
  expect(readSheet((await page(box, '/results/events/club-night/running-order')).text).races.get('r1')!.map((r) => r.name)).toEqual(['Ann Berg', 'Bo Lind', 'Cy Holm']);

  const index = await page(box, '/results/');
  expect(readSheet(index.text).links).toEqual(expect.arrayContaining(['/results/events/next-night', '/results/events/club-night']));
  expect(readCsv((await page(box, '/results.csv')).text)).toEqual([
    { event_id: 'next-night', name: 'Next night', date: '', archived: 'false' },
    { event_id: 'club-night', name: 'Club night', date: '', archived: 'true' },
  ]);
}, 120_000);
