/** @module The event in progress, which an unscoped scoreboard and a freshly opened race control follow: an open race's event, else the event staff worked on last. */
import { expect, it } from 'vitest';
import { RaceEngine } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = Date.UTC(2026, 11, 4, 9, 0) * 1000;
const HOUR = 3600e6;

class Box {
  readonly log = new RaceLog();
  readonly engine = RaceEngine.create();

  intent(name: Parameters<RaceLog['intent']>[0], args: unknown, atUs: number): void {
    const events = this.engine.apply(this.log.intent(name, args, atUs));
    const refused = events.find((e) => e.type === 'intent.refused');
    if (refused) throw new Error(JSON.stringify(refused.payload));
  }
}

const setup = (eventId: string, classId: string) => ({
  event_id: eventId,
  name: eventId,
  classes: [{ class_id: classId, name: classId }],
  riders: [{ rider_id: `${eventId}-1`, name: 'One', class_id: classId, transponders: [eventId.length * 1000 + 1] }],
});

it('current event - none before anything is set up', () => {
  expect(new Box().engine.currentEventId()).toBeNull();
});

it('current event - a meeting set up after yesterday’s motos is current before its first race, not the event of the newest race', () => {
  const box = new Box();
  box.intent('event.setup', setup('bmx-day', 'boys-13'), T0);
  box.intent('race.stage', { event_id: 'bmx-day', race_id: 'm1', format: 'bmx', lineup: [{ rider_id: 'bmx-day-1', lane: 1 }] }, T0 + 1e6);
  box.intent('race.gate', { race_id: 'm1' }, T0 + 2e6);
  box.intent('race.force_finish', { race_id: 'm1' }, T0 + 3e6);
  expect(box.engine.currentEventId()).toBe('bmx-day');
  box.intent('event.setup', setup('rc-night', 'buggy'), T0 + 8 * HOUR);
  expect(box.engine.currentEventId()).toBe('rc-night');
});

it('current event - a race staged or running wins over a later set-up; once it finishes, the latest work decides', () => {
  const box = new Box();
  box.intent('event.setup', setup('bmx-day', 'boys-13'), T0);
  box.intent('event.setup', setup('rc-night', 'buggy'), T0 + HOUR);
  box.intent('race.stage', { event_id: 'bmx-day', race_id: 'm1', format: 'bmx', lineup: [{ rider_id: 'bmx-day-1', lane: 1 }] }, T0 + 2 * HOUR);
  expect(box.engine.currentEventId()).toBe('bmx-day');
  // Editing tonight's entries while a moto is staged does not take the boards away from it.
  box.intent('event.setup', setup('rc-night', 'buggy'), T0 + 3 * HOUR);
  expect(box.engine.currentEventId()).toBe('bmx-day');
  box.intent('race.gate', { race_id: 'm1' }, T0 + 3 * HOUR + 1e6);
  expect(box.engine.currentEventId()).toBe('bmx-day');
  box.intent('race.force_finish', { race_id: 'm1' }, T0 + 3 * HOUR + 2e6);
  // The moto just finished is newer work than the evening's set-up.
  expect(box.engine.currentEventId()).toBe('bmx-day');
  box.intent('event.setup', setup('rc-night', 'buggy'), T0 + 4 * HOUR);
  expect(box.engine.currentEventId()).toBe('rc-night');
});

it('current event - the same from a snapshot as from the log', () => {
  const box = new Box();
  box.intent('event.setup', setup('bmx-day', 'boys-13'), T0);
  box.intent('event.setup', setup('rc-night', 'buggy'), T0 + HOUR);
  box.intent('race.stage', { event_id: 'bmx-day', race_id: 'm1', format: 'bmx', lineup: [{ rider_id: 'bmx-day-1', lane: 1 }] }, T0 + 2 * HOUR);
  box.intent('race.reset', { race_id: 'm1' }, T0 + 2 * HOUR + 1e6);
  expect(box.engine.currentEventId()).toBe('bmx-day');
  expect(RaceEngine.fromSnapshot(box.engine.snapshot()).currentEventId()).toBe('bmx-day');
});
