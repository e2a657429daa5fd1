/** @module Results pages of races in every state and past the page limit, built in process from an engine fed a log and a real engine store: provisional and reset races, practice rows, the running order's calls, the 1000-race page limit. */
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, expect, it } from 'vitest';
import { EngineStore } from '../../../appliance/race/engine-store.ts';
import { mountResults } from '../../../appliance/service/results/index.ts';
import { RaceEngine, type PracticeRaceView } from '../../../shared/race/index.ts';
import { tempLevelDir } from '../../harness/index.ts';
import { RaceLog } from '../../support/race-log.ts';
import { readCsv, readSheet } from './read-sheet.ts';

const T0 = 1_764_930_000_000_000;
const DEC = 7;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function resultsApp(log: RaceLog): Promise<{ app: Hono; engine: RaceEngine }> {
  const dir = await tempLevelDir('mre-results-');
  cleanups.push(dir.cleanup);
  const store = await EngineStore.open(join(dir.path, 'engine'));
  cleanups.push(() => store.close());
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  const app = new Hono();
  mountResults(app, { engine, archive: store, clubName: 'Test club', timeZone: 'UTC' });
  return { app, engine };
}

const page = async (app: Hono, path: string) => {
  const response = await app.request(path);
  return { status: response.status, text: await response.text() };
};

const riders = [1, 2, 3].map((i) => ({ rider_id: `r${i}`, name: `Rider ${i}`, plate: String(i), class_id: 'c1', transponders: [1000 + i] }));

it('results sheets - staged, running and reset races say so; the event sheet is provisional; practice prints laps and best lap; the running order calls the race at the gate and the one racing', async () => {
  const log = new RaceLog();
  let t = T0;
  let pn = 1;
  const passing = (transponder: number, atUs: number) => log.passing(DEC, pn++, transponder, atUs, 0, 0);
  log.intent('event.setup', { event_id: 'club-day', name: 'Club day', date: '2026-12-05', classes: [{ class_id: 'c1', name: 'Boys 13', format: 'bmx' }], riders }, t);
  log.intent('race.stage', { event_id: 'club-day', race_id: 'p1', format: 'practice', name: 'Warm-up' }, (t += 1e6));
  log.intent('race.start', { race_id: 'p1' }, (t += 1e6));
  for (const [s, tr] of [[2, 1001], [3, 1002], [20, 1001], [24, 1002], [37, 1001]] as const) passing(tr, t + s * 1e6);
  log.intent('race.force_finish', { race_id: 'p1' }, (t += 60e6));
  const moto = (race_id: string, name: string) => ({ event_id: 'club-day', race_id, name, class_id: 'c1', format: 'bmx', min_time_ms: 1000, lineup: riders.map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) });
  log.intent('race.stage', moto('m1', 'Moto 1'), (t += 1e6));
  passing(9992, (t += 1e6));
  for (const [i, r] of riders.entries()) passing(r.transponders[0]!, t + 30e6 + i * 1e5);
  log.intent('race.stage', moto('m2', 'Moto 2'), (t += 60e6));
  log.intent('race.reset', { race_id: 'm2', reason: 'false start' }, (t += 1e6));
  log.intent('race.stage', moto('m3', 'Moto 3'), (t += 1e6));
  passing(9992, (t += 1e6));
  log.intent('race.stage', moto('m4', 'Moto 4'), (t += 1e6));
  const { app, engine } = await resultsApp(log);

  const event = readSheet((await page(app, '/results/events/club-day')).text);
  expect(event.text).toContain('Provisional: 2 races are still staged or running.');
  // Classes first, in the setup's order; the practice, which has no class, last.
  expect([...event.races.keys()]).toEqual(['m1', 'p1']);
  const practice = engine.race('p1')!.race as PracticeRaceView;
  expect(practice.rows.length).toBe(2);
  expect(event.races.get('p1')).toEqual(practice.rows.map((r) => ({
    position: String(r.position), name: r.name, plate: r.plate ?? '', laps: String(r.laps), fastest_lap: (r.best_lap_ms! / 1000).toFixed(3), fastest_lap_number: String(r.best_lap_number),
  })));
  expect(event.text).toContain('Races without a class');

  for (const [id, state] of [['m2', 'Reset: discarded by race control'], ['m3', 'Running: provisional'], ['m4', 'Staged: not started'], ['m1', 'Final'], ['p1', 'Final, ended by race control']]) {
    const race = await page(app, `/results/races/${id}`);
    expect(race.status).toBe(200);
    expect(readSheet(race.text).text).toContain(state);
  }
  expect(readSheet((await page(app, '/results/races/m4')).text).races.get('m4')!.map((r) => r.position)).toEqual(['', '', '']);

  const order = readSheet((await page(app, '/results/events/club-day/running-order')).text);
  expect([...order.races.keys()]).toEqual(['p1', 'm1', 'm3', 'm4']);
  expect(order.text).toContain('At the gate: 4. Moto 4');
  expect(order.text).toContain('Racing: 3. Moto 3');
  expect(readCsv((await page(app, '/results/events/club-day/running-order.csv')).text).map((r) => `${r.number}:${r.race_id}:${r.race_status}`)).toEqual([
    '2:m1:finished', '2:m1:finished', '2:m1:finished', '3:m3:running', '3:m3:running', '3:m3:running', '4:m4:staged', '4:m4:staged', '4:m4:staged',
  ]);
});

it('results sheets - an event sheet prints at most 1000 finished races and says how many it left out, while the class page and the CSV hold them', async () => {
  const log = new RaceLog();
  let t = T0;
  log.intent('event.setup', { event_id: 'long-day', name: 'Long day', classes: [{ class_id: 'c1', name: 'Boys 13', format: 'bmx' }, { class_id: 'c2', name: 'Girls 12', format: 'bmx' }], riders: [...riders, { rider_id: 'g1', name: 'Girl 1', plate: '9', class_id: 'c2', transponders: [2001] }] }, t);
  for (let i = 1; i <= 1001; i++) {
    const c2 = i > 600;
    log.intent('race.stage', { event_id: 'long-day', race_id: `m${i}`, class_id: c2 ? 'c2' : 'c1', format: 'bmx', lineup: [{ rider_id: c2 ? 'g1' : 'r1', lane: 1 }] }, (t += 1e6));
    log.intent('race.gate', { race_id: `m${i}` }, (t += 1e6));
    log.intent('race.force_finish', { race_id: `m${i}` }, (t += 1e6));
  }
  const { app } = await resultsApp(log);

  const event = readSheet((await page(app, '/results/events/long-day')).text);
  expect(event.races.size).toBe(1000);
  expect(event.races.has('m1000')).toBe(true);
  expect(event.races.has('m1001')).toBe(false);
  expect(event.text).toContain('1 more finished race is not printed here: a page prints at most 1000. Each class\'s page and the CSV have them.');
  expect(readSheet((await page(app, '/results/events/long-day/classes/c2')).text).races.size).toBe(401);
  expect(new Set(readCsv((await page(app, '/results/events/long-day.csv')).text).filter((r) => r.section === 'race').map((r) => r.race_id)).size).toBe(1001);
});
