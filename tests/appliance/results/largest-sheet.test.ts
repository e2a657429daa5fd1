/** @module The largest event the caps allow (250 classes, 2000 riders, every text at its limit in three-byte characters) prints, on a real appliance over real HTTP. */
import { afterEach, expect, it } from 'vitest';
import { EVENT_CAPS } from '../../../shared/contracts/control.ts';
import { bootRaceBox } from '../race/support.ts';
import { largestEvent } from '../service/largest-event.ts';
import { readCsv, readSheet } from './read-sheet.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

it('results sheets - the largest event the caps allow renders its sheet, a class, a race and the running order', async () => {
  const box = await bootRaceBox(cleanups);
  const event = largestEvent('largest') as { classes: { class_id: string }[]; riders: { rider_id: string; name: string; class_id: string }[] };
  expect((await box.post('event.setup', event)).status).toBe(200);
  const classId = event.classes[0]!.class_id;
  const riders = event.riders.filter((r) => r.class_id === classId).slice(0, 8);
  expect(riders).toHaveLength(8);
  expect((await box.post('race.stage', { event_id: 'largest', race_id: 'big-moto', class_id: classId, format: 'bmx', name: 'Moto 1', lineup: riders.map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) })).status).toBe(200);
  expect((await box.post('race.gate', { race_id: 'big-moto' })).status).toBe(200);
  expect((await box.post('race.force_finish', { race_id: 'big-moto' })).status).toBe(200);

  const get = async (path: string) => {
    const response = await fetch(`${box.appliance.url}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const sheet = await get('/results/events/largest');
  expect(sheet.status).toBe(200);
  const read = readSheet(sheet.text);
  expect(read.links.filter((l) => l.startsWith('/results/events/largest/classes/'))).toHaveLength(EVENT_CAPS.classes);
  expect(read.races.get('big-moto')!.map((r) => [r.name, r.position])).toEqual(riders.map((r) => [r.name, 'DNS']));
  // 250 classes listed and one race: a page a phone opens at once.
  expect(sheet.text.length).toBeLessThan(400_000);

  const classPage = readSheet((await get(`/results/events/largest/classes/${classId}`)).text);
  expect([...classPage.races.keys()]).toEqual(['big-moto']);
  expect(readSheet((await get('/results/races/big-moto')).text).races.get('big-moto')).toHaveLength(8);
  expect(readSheet((await get('/results/events/largest/running-order')).text).races.get('big-moto')!.map((r) => r.name)).toEqual(riders.map((r) => r.name));
  expect(readCsv((await get('/results/events/largest.csv')).text).filter((r) => r.section === 'race').map((r) => r.name)).toEqual(riders.map((r) => r.name));
}, 120_000);
