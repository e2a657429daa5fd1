/** @module Archiving from logs: an event idle for a day leaves the live state with its final views when new work begins; open or recent events stay; archived ids are final. */
import { describe, expect, it } from 'vitest';
import { ARCHIVE_IDLE_US, RaceEngine, type DerivedEvent, type TimedRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

const T0 = 1_700_000_000_000_000;
const DEC = 3;
const HOUR = 3600e6;

/** Day one: an RC club race with one finished heat of two drivers, and an unfinished practice if asked. */
function dayOne(options: { practiceLeftRunning?: boolean } = {}): { log: RaceLog; engine: RaceEngine; lastUs: number } {
  const log = new RaceLog();
  log.getTime(DEC, T0 - 700e6, 0);
  log.intent('event.setup', {
    event_id: 'club-day-1',
    name: 'Club day 1',
    classes: [{ class_id: 'touring', name: 'Touring', format: 'timed' }],
    riders: [
      { rider_id: 'ann', name: 'Ann', plate: '1', class_id: 'touring', transponders: [1001] },
      { rider_id: 'bob', name: 'Bob', plate: '2', class_id: 'touring', transponders: [1002] },
    ],
  }, T0 - 600e6);
  log.intent('race.stage', { event_id: 'club-day-1', race_id: 'h1', class_id: 'touring', format: 'timed', duration_ms: 60_000, lineup: [{ rider_id: 'ann' }, { rider_id: 'bob' }] }, T0 - 60e6);
  log.intent('race.start', { race_id: 'h1' }, T0);
  let pn = 1;
  const crossings: [number, number][] = [[1, 1001], [2, 1002], [21, 1001], [24, 1002], [41, 1001], [46, 1002], [61, 1001], [68, 1002]];
  for (const [s, transponder] of crossings) log.passing(DEC, pn++, transponder, T0 + s * 1e6);
  let lastUs = T0 + 68e6;
  if (options.practiceLeftRunning) {
    log.intent('race.stage', { event_id: 'club-day-1', race_id: 'p1', format: 'practice' }, T0 + 100e6);
    log.intent('race.start', { race_id: 'p1' }, T0 + 110e6);
    lastUs = T0 + 110e6;
  }
  const engine = RaceEngine.create();
  for (const e of log.envelopes) engine.apply(e);
  return { log, engine, lastUs };
}

const dayTwoSetup = (log: RaceLog, atUs: number) => log.intent('event.setup', { event_id: 'club-day-2', name: 'Club day 2', riders: [] }, atUs);
const types = (events: DerivedEvent[]) => events.map((e) => e.type);

describe('race archive', () => {
  it('archive - an event idle for a day leaves the live state when the next event is set up, handing over its final views', () => {
    const { log, engine, lastUs } = dayOne();
    const heat = engine.race('h1')!;
    expect((heat.race as TimedRaceView).status).toBe('finished');
    const standings = engine.standings('club-day-1');
    const event = engine.event('club-day-1');
    const before = engine.snapshot().length;

    const { events, archived } = engine.applyStep(dayTwoSetup(log, lastUs + ARCHIVE_IDLE_US + 1));
    expect(types(events)).toEqual(['event.archived', 'event.updated']);
    expect(events[0]).toMatchObject({ event_id: 'club-day-1', payload: { race_ids: ['h1'], last_activity_us: lastUs } });
    expect(archived).toEqual([{ event, races: [heat], standings, meeting: null, last_activity_us: lastUs, archived_at_us: lastUs + ARCHIVE_IDLE_US + 1 }]);
    expect(standings[0]!.rows.map((r) => [r.rider_id, r.best_text])).toEqual([['ann', '3/1:00.000'], ['bob', '3/1:06.000']]);

    expect(engine.events().map((e) => e.event_id)).toEqual(['club-day-2']);
    expect(engine.race('h1')).toBeUndefined();
    expect(engine.races()).toEqual([]);
    expect(engine.snapshot().length).toBeLessThan(before / 2);
    expect(engine.snapshot()).not.toContain('"h1"');
  });

  it('archive - an event active within the last day, or with a race still running, stays live', () => {
    const recent = dayOne();
    const soon = recent.engine.applyStep(dayTwoSetup(recent.log, recent.lastUs + ARCHIVE_IDLE_US - 1));
    expect(soon.archived).toEqual([]);
    expect(recent.engine.race('h1')).toBeDefined();

    const running = dayOne({ practiceLeftRunning: true });
    const later = running.engine.applyStep(dayTwoSetup(running.log, running.lastUs + 3 * ARCHIVE_IDLE_US));
    expect(later.archived).toEqual([]);
    expect(running.engine.race('p1')!.race.status).toBe('running');
    // Once staff stop it, the next new work archives the day.
    running.engine.apply(running.log.intent('race.force_finish', { race_id: 'p1' }, running.lastUs + 3 * ARCHIVE_IDLE_US + HOUR));
    const after = running.engine.applyStep(running.log.intent('race.stage', { event_id: 'club-day-2', race_id: 'p2', format: 'practice' }, running.lastUs + 5 * ARCHIVE_IDLE_US));
    expect(after.archived.map((a) => a.races.map((r) => r.race.race_id))).toEqual([['p1', 'h1']]);
  });

  it('archive - the event the intent names is never archived, however long it was idle', () => {
    const { log, engine, lastUs } = dayOne();
    const { events, archived } = engine.applyStep(log.intent('race.stage', { event_id: 'club-day-1', race_id: 'h2', format: 'practice' }, lastUs + 10 * ARCHIVE_IDLE_US));
    expect(archived).toEqual([]);
    expect(types(events)).toEqual(['race.updated']);
    expect(engine.races({ eventId: 'club-day-1' }).map((r) => r.race_id)).toEqual(['h2', 'h1']);
  });

  it('archive - an archived event id cannot be set up again, and its races take no corrections', () => {
    const { log, engine, lastUs } = dayOne();
    const at = lastUs + ARCHIVE_IDLE_US + 1;
    engine.apply(dayTwoSetup(log, at));
    const again = log.intent('event.setup', { event_id: 'club-day-1', name: 'Club day 1 again', riders: [] }, at + 1e6);
    expect(engine.apply(again)).toMatchObject([{ type: 'intent.refused', payload: { reason: 'event club-day-1 is archived and its results are final: set up a new event id' } }]);
    expect(engine.apply(log.intent('race.stage', { event_id: 'club-day-1', format: 'practice' }, at + 2e6))).toMatchObject([{ type: 'intent.refused', payload: { reason: 'event club-day-1 is archived and its results are final: set up a new event id' } }]);
    expect(engine.apply(log.intent('race.rescore', { race_id: 'h1' }, at + 3e6))).toMatchObject([{ type: 'intent.refused', payload: { reason: 'race h1 does not exist (or is in an archived event, whose results are final)' } }]);
    expect(engine.events().map((e) => e.event_id)).toEqual(['club-day-2']);
  });

  it('archive - resuming from a snapshot taken before the archiving intent archives the same views with the same events', () => {
    const { log, engine, lastUs } = dayOne();
    const resumed = RaceEngine.fromSnapshot(engine.snapshot());
    const trigger = dayTwoSetup(log, lastUs + ARCHIVE_IDLE_US + 5);
    expect(JSON.stringify(resumed.applyStep(trigger))).toBe(JSON.stringify(engine.applyStep(trigger)));
    expect(resumed.snapshot()).toBe(engine.snapshot());
  });
});
