/**
 * @module A short RC heat whose figures can be checked by hand: two cars, a 60 s staggered-start heat on
 * one lap decoder, whole-ish lap times, one double read, and the crossing numbers a referee's correction
 * rules on. Car A laps 20.0, 19.5, 21.0 s (a double read 1.5 s after lap 1); car B 22.0 s three times.
 */
import type { Envelope } from '../../shared/contracts/index.ts';
import { RaceLog } from './race-log.ts';

export const HEAT_DECODER = 22;
export const HEAT_EVENT = 'club-night';
export const HEAT_RACE = 'heat-1';
/** Box time of the start signal, µs. */
export const HEAT_START_US = 1_761_900_020_000_000;

export interface RcHeat {
  envelopes: Envelope[];
  /** Envelopes up to the heat's finish; the last one is the referee's correction after it. */
  beforeCorrection: number;
}

export function rcHeatLog(): RcHeat {
  const log = new RaceLog(7);
  const t0 = HEAT_START_US - 20_000_000;
  log.getTime(HEAT_DECODER, t0, 0);
  log.intent('event.setup', {
    event_id: HEAT_EVENT,
    name: 'Club night',
    date: '2025-11-01',
    classes: [{ class_id: 'touring', name: 'Touring', format: 'timed' }],
    riders: [
      { rider_id: 'car-a', name: 'Alice Ace', class_id: 'touring', transponders: [701] },
      { rider_id: 'car-b', name: 'Bob Best', class_id: 'touring', transponders: [702] },
    ],
    decoders: [{ decoder_id: HEAT_DECODER, role: 'lap' }],
  }, t0);
  log.intent('race.stage', { event_id: HEAT_EVENT, race_id: HEAT_RACE, class_id: 'touring', name: 'Heat 1', round: 1, format: 'timed', duration_ms: 60_000, lineup: [{ rider_id: 'car-a' }, { rider_id: 'car-b' }] }, t0 + 10_000_000);
  log.intent('race.start', { race_id: HEAT_RACE }, HEAT_START_US);
  const crossings: [number, number][] = [[701, 1.0], [702, 2.0], [701, 21.0], [701, 22.5], [702, 24.0], [701, 40.5], [702, 46.0], [701, 61.5], [702, 68.0]];
  let lap2Ref = '';
  crossings.forEach(([transponder, seconds], i) => {
    log.passing(HEAT_DECODER, i + 1, transponder, HEAT_START_US + seconds * 1_000_000);
    if (transponder === 701 && seconds === 40.5) lap2Ref = `${HEAT_DECODER}:${i + 1}`;
  });
  const beforeCorrection = log.envelopes.length;
  // After the finish the referee rules car A's crossing at 40.5 s a stray read: laps 2 and 3 become one.
  log.intent('passing.ignore', { race_id: HEAT_RACE, ref: lap2Ref, reason: 'stray read' }, HEAT_START_US + 300_000_000);
  return { envelopes: log.envelopes, beforeCorrection };
}
