/** @module Archived events on the box: the next day's event moves yesterday's out of the engine, and its results stay readable over HTTP, across restarts, and through `mre appliance replay`. */
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, expect, it } from 'vitest';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { runMre } from '../../support/run-mre.ts';
import { waitFor } from '../service/support.ts';
import { bootRaceBox, DEMO_EVENT, DEMO_MOTO, setUpNextDay, type RaceBox } from './support.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** What a reader of yesterday's results asks for. */
async function results(box: RaceBox): Promise<Record<string, unknown>> {
  return {
    races: (await box.get('/api/races?event_id=club-night')).body,
    race: (await box.get('/api/races/r1')).body,
    standings: (await box.get('/api/standings?event_id=club-night')).body,
    event: ((await box.get('/api/events/club-night')).body as { event: unknown }).event,
  };
}

it('engine host - yesterday\'s event leaves the engine when the next is set up, and its results are served from the archive across restarts', async () => {
  const first = await bootRaceBox(cleanups);
  await first.post('event.setup', DEMO_EVENT);
  await first.post('race.stage', DEMO_MOTO);
  await waitFor('moto finished', async () => ((await first.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
  const before = await results(first);
  expect((before.standings as { standings: unknown[] }).standings).toHaveLength(1);
  await first.appliance.stop();

  await setUpNextDay(first.dir, 'club-night-2', 'Club night 2');
  const box = await bootRaceBox(cleanups, {}, first.dir);
  const events = (await box.get('/api/events')).body as { events: { event_id: string }[]; archived: { event_id: string; races: number }[] };
  expect(events.events.map((e) => e.event_id)).toEqual(['club-night-2']);
  expect(events.archived).toMatchObject([{ event_id: 'club-night', races: 1 }]);
  expect((await box.get('/api/races')).body).toEqual({ races: [] });
  expect(await results(box)).toEqual(before);
  expect((await box.get('/api/events/club-night')).body).toMatchObject({ archived: true });
  expect((await box.get('/api/races/r9')).status).toBe(404);

  const rescore = await box.post('race.rescore', { race_id: 'r1' });
  expect(rescore).toMatchObject({ status: 409, body: { error: 'race r1 does not exist (or is in an archived event, whose results are final)' } });
  const again = await box.post('event.setup', DEMO_EVENT);
  expect(again).toMatchObject({ status: 409, body: { error: 'event club-night is archived and its results are final: set up a new event id' } });
  await box.appliance.stop();

  const restarted = await bootRaceBox(cleanups, {}, first.dir);
  expect(await results(restarted)).toEqual(before);
  await restarted.appliance.stop();
  expect(await verifyReplay(first.dir)).toMatchObject({ equal: true, archived: 1 });
});

it('engine host - an archived race that differs from the rebuild is reported by its key, and --repair restores it', async () => {
  const first = await bootRaceBox(cleanups);
  await first.post('event.setup', DEMO_EVENT);
  await first.post('race.stage', DEMO_MOTO);
  await waitFor('moto finished', async () => ((await first.get('/api/races/r1')).body.race as { status: string }).status === 'finished', 30_000);
  await first.appliance.stop();
  await setUpNextDay(first.dir, 'club-night-2', 'Club night 2');
  const box = await bootRaceBox(cleanups, {}, first.dir);
  const race = (await box.get('/api/races/r1')).body;
  await box.appliance.stop();

  const db = new Level<string, string>(join(first.dir, 'engine'));
  await db.open();
  await db.put('a!r!r1', JSON.stringify(race).replace('"Ann Berg"', '"Tampered"'));
  await db.close();
  const differs = await runMre(['appliance', 'replay'], { env: { MRE_DATA_DIR: first.dir } });
  expect(differs.code).toBe(1);
  expect(differs.stdout).toContain('(a!r!r1)');
  expect(differs.stdout).toContain('"Tampered"');

  expect((await runMre(['appliance', 'replay', '--repair'], { env: { MRE_DATA_DIR: first.dir } })).code).toBe(0);
  const repaired = await bootRaceBox(cleanups, {}, first.dir);
  expect((await repaired.get('/api/races/r1')).body).toEqual(race);
});
