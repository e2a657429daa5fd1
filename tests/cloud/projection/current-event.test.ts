/** @module The cloud's current event, worked out from derived events alone, equals the box engine's after every envelope of generated track logs (several events a log, races left open, automatic practice, archiving). */
import { describe, expect, test } from 'vitest';
import { currentEventOf, emptyEventOrder, followEvent, storedEventOrder, type EventOrder } from '../../../cloud/projection/current-event.ts';
import { RaceEngine } from '../../../shared/race/index.ts';
import { clubDayLog } from '../../support/club-day-log.ts';
import { randomRaceLog } from '../../support/random-race-log.ts';
import type { RaceLog } from '../../support/race-log.ts';

/** Envelopes after which the two disagree, as `lsn: box → cloud`. */
function disagreements(log: RaceLog): string[] {
  const engine = RaceEngine.create();
  let order: EventOrder = emptyEventOrder();
  const out: string[] = [];
  log.envelopes.forEach((envelope, i) => {
    for (const event of engine.apply(envelope)) order = followEvent(order, event);
    const box = engine.currentEventId();
    const cloud = currentEventOf(order);
    if (box !== cloud) out.push(`${i}: ${box} → ${cloud}`);
  });
  return out;
}

describe('cloud current event', () => {
  test('cloud current event - follows the box engine\'s rule after every envelope of generated track days', () => {
    let changes = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const log = randomRaceLog(seed, 4000);
      expect(disagreements(log), `seed ${seed}`).toEqual([]);
      const engine = RaceEngine.create();
      let last: string | null = null;
      for (const envelope of log.envelopes) {
        engine.apply(envelope);
        if (engine.currentEventId() !== last) changes++;
        last = engine.currentEventId();
      }
    }
    // The logs move the current event between events many times, or the check above proves little.
    expect(changes).toBeGreaterThan(15);
  });

  test('cloud current event - a club day with its motos and a second event set up while nothing is open', () => {
    expect(disagreements(clubDayLog(3))).toEqual([]);
    expect(disagreements(clubDayLog(9, undefined, 4))).toEqual([]);
  });

  test('cloud current event - a read model stored with the older order shape starts from its current event', () => {
    expect(currentEventOf(storedEventOrder({ staged: ['a'], setup: ['b'] }, 'a'))).toBe('a');
    expect(currentEventOf(storedEventOrder(undefined, null))).toBeNull();
    const order = followEvent(emptyEventOrder(), { id: 'x-0', type: 'event.updated', event_id: 'b', race_id: null, at_us: 5, payload: { event: { event_id: 'b' } } } as never);
    expect(currentEventOf(storedEventOrder(order, 'b'))).toBe('b');
  });
});
