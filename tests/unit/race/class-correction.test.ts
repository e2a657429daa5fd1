/** @module A finished race moved to the class it should have run in: its view, its correction, both classes' standings, refusals that name the problem, and replay. */
import { expect, it } from 'vitest';
import { RaceEngine, type DerivedEvent, type TimedRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = 1_700_000_000_000_000;
const DEC = 7;

function night(): { log: RaceLog; engine: RaceEngine } {
  const log = new RaceLog();
  log.getTime(DEC, T0 - 700e6, 0);
  log.intent('event.setup', {
    event_id: 'night', name: 'Club night',
    classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }, { class_id: 'truck', name: 'Stadium Truck', format: 'timed' }],
    riders: [{ rider_id: 'ann', name: 'Ann', class_id: 'truck', transponders: [1001] }, { rider_id: 'bob', name: 'Bob', class_id: 'truck', transponders: [1002] }],
  }, T0 - 600e6);
  // Staged under the wrong class: the trucks ran as buggies.
  log.intent('race.stage', { event_id: 'night', race_id: 'h1', format: 'timed', class_id: 'buggy', name: 'Heat 1', lineup: [{ rider_id: 'ann' }, { rider_id: 'bob' }], duration_ms: 60_000 }, T0 - 10e6);
  log.intent('race.start', { race_id: 'h1' }, T0);
  let pn = 1;
  for (const [s, t] of [[20, 1001], [22, 1002], [40, 1001], [44, 1002], [61, 1001], [66, 1002]] as const) log.passing(DEC, pn++, t, T0 + s * 1e6, 0, 0);
  log.intent('race.force_finish', { race_id: 'h1' }, T0 + 70e6);
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  return { log, engine };
}

const standingsOf = (events: DerivedEvent[]) => events.filter((e) => e.type === 'standings.updated').map((e) => (e.payload as { standings: { class_id: string; rows: { rider_id: string }[] } }).standings).map((s) => [s.class_id, s.rows.map((r) => r.rider_id)]);

it('class correction - a finished race moves to another class: its view and corrections say so, and both classes\' standings follow', () => {
  const { log, engine } = night();
  expect(engine.standings('night', 'buggy')[0]!.rows.map((r) => r.rider_id)).toEqual(['ann', 'bob']);
  const events = engine.apply(log.intent('race.set_class', { race_id: 'h1', class_id: 'truck', reason: 'staged under the wrong class' }, T0 + 100e6, 'chief'));
  const view = engine.race('h1')!.race as TimedRaceView;
  expect(view.class_id).toBe('truck');
  expect(view.rows.map((r) => [r.rider_id, r.laps])).toEqual([['ann', 2], ['bob', 2]]);
  expect(view.corrections).toEqual([{ kind: 'class', ref: '', rider_id: null, previous_class_id: 'buggy', class_id: 'truck', by: 'chief', reason: 'staged under the wrong class', at_us: T0 + 100e6 }]);
  expect(standingsOf(events)).toEqual([['truck', ['ann', 'bob']], ['buggy', []]]);
  expect(engine.standings('night', 'truck')[0]!.rows.map((r) => r.rider_id)).toEqual(['ann', 'bob']);
  expect(engine.standings('night', 'buggy').flatMap((s) => s.rows)).toEqual([]);
  const again = RaceEngine.create();
  for (const e of log.envelopes) again.apply(e);
  expect(again.snapshot()).toBe(engine.snapshot());
});

it('class correction - refused with the reason: the same class, a class the event lacks, a reset race, a race of the meeting', () => {
  const { log, engine } = night();
  const check = (args: Record<string, unknown>) => engine.check({ intent: 'race.set_class', args: { reason: 'x', ...args }, by: 'chief', at_us: T0 + 100e6 } as Parameters<RaceEngine['check']>[0]);
  expect(check({ race_id: 'h1', class_id: 'buggy' })).toBe('race h1 is already in class buggy');
  expect(check({ race_id: 'h1', class_id: 'nitro' })).toBe("class nitro is not one of event night's classes");
  expect(check({ race_id: 'nope', class_id: 'truck' })).toMatch(/^race nope does not exist/);
  engine.apply(log.intent('race.stage', { event_id: 'night', race_id: 'h2', format: 'timed', class_id: 'buggy', lineup: [{ rider_id: 'ann' }], duration_ms: 60_000 }, T0 + 200e6));
  engine.apply(log.intent('race.reset', { race_id: 'h2' }, T0 + 210e6));
  expect(check({ race_id: 'h2', class_id: 'truck' })).toBe('race h2 was reset');
  engine.apply(log.intent('meeting.setup', { event_id: 'night', rc: { classes: [{ class_id: 'truck', qualifying_rounds: 1, qualifying_ms: 60_000, main_ms: 60_000 }] } }, T0 + 300e6));
  engine.apply(log.intent('meeting.stage_next', { event_id: 'night' }, T0 + 310e6));
  const heat = engine.activeRaces('night').find((r) => r.status === 'staged')!;
  expect(check({ race_id: heat.race_id, class_id: 'buggy' })).toBe(`race ${heat.race_id} is one of the meeting's races: its class comes from the moto sheet or heat list`);
});
