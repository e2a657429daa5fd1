/** @module RC standings of a meeting rank its qualifying heats only: a main, longer than any heat, is the class's result on its own and never a driver's best heat. */
import { expect, it } from 'vitest';
import type { Standings } from '../../../../shared/race/index.ts';
import { dayEvent, MeetingDay } from './meeting-day.ts';

/** Two 60 s qualifying rounds and a 180 s A-main: counted as a heat, the main's laps would top every row. */
const SETUP = { event_id: 'rc-cup', rc: { classes: [{ class_id: 'buggy', qualifying_rounds: 2, heat_size: 6, main_size: 6, qualifying_ms: 60_000, main_ms: 180_000 }] } };

it('rc standings - a meeting\'s A-main is not a qualifying heat: each driver\'s row holds the two rounds and their best, before and after the main, in the engine and in standings.updated', () => {
  const day = new MeetingDay('rc-cup', dayEvent('rc-cup', [{ class_id: 'buggy', riders: 6 }], 'lap'));
  expect(day.refusal('meeting.setup', SETUP)).toBeNull();
  const heats: string[] = [];
  while (day.meeting().order.some((r) => r.kind === 'qualifier' && r.status === 'waiting')) {
    const id = day.stageNext();
    day.runHeat(id, 60);
    heats.push(id);
  }
  expect(heats).toHaveLength(2);
  const qualifying = day.engine.standings('rc-cup');
  const bestHeat = (riderId: string) => qualifying[0]!.rows.find((r) => r.rider_id === riderId)!.best_text;
  expect(qualifying[0]!.rows.map((r) => r.results.map((x) => x.race_id))).toEqual(qualifying[0]!.rows.map(() => heats));

  expect(day.refusal('meeting.propose_mains', { event_id: 'rc-cup', group_id: 'buggy' })).toBeNull();
  expect(day.refusal('meeting.confirm_mains', { event_id: 'rc-cup', group_id: 'buggy' })).toBeNull();
  const main = day.stageNext();
  day.runHeat(main, 180);
  const mainRace = day.engine.race(main)!.race;
  expect(mainRace.status).toBe('finished');
  // The main really ran longer than any heat: its laps would be every driver's best.
  const mainRow = mainRace.format === 'timed' ? mainRace.rows[0]! : null;
  expect(mainRow!.laps).toBeGreaterThan(Number(bestHeat(mainRow!.rider_id).split('/')[0]));

  const after = day.engine.standings('rc-cup');
  expect(after).toEqual(qualifying);
  const published = day.events.filter((e) => e.type === 'standings.updated').at(-1)!;
  expect(published.race_id).toBe(main);
  expect((published.payload as { standings: Standings }).standings).toEqual(qualifying[0]);
  // The meeting's result still puts the main's order first.
  expect(day.meeting().groups[0]!.results!.map((r) => r.from)).toEqual(mainRace.format === 'timed' ? mainRace.rows.map(() => main) : []);
});
