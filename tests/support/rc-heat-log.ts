/**
 * @module A short RC heat whose figures can be checked by hand: two cars, a 60 s staggered-start heat on
 * one lap decoder, whole-ish lap times, one double read, and a correction after the finish. Car A laps 20.0, 19.5, 21.0 s (a double read 1.5 s after lap 1); car B 22.0 s three times.
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
  /** Envelopes up to the end of the heat's crossings; the correction after them follows. */
  beforeCorrection: number;
}

/**
 * The correction after the finish: by default the referee rules car A's crossing at 40.5 s a stray
 * read (`passing.ignore`: laps 2 and 3 become one). `mistyped`: car B's transponder was typed 709 in
 * the set-up, so the heat counted no lap for it; the set-up is fixed and the race rescored instead.
 */
export function rcHeatLog(correction: 'ignore' | 'mistyped' = 'ignore'): RcHeat {
  const log = new RaceLog(7);
  const t0 = HEAT_START_US - 20_000_000;
  log.getTime(HEAT_DECODER, t0, 0);
  const setup = (carB: number, at: number) =>
    log.intent('event.setup', {
      event_id: HEAT_EVENT,
      name: 'Club night',
      date: '2025-11-01',
      classes: [{ class_id: 'touring', name: 'Touring', format: 'timed' }],
      riders: [
        { rider_id: 'car-a', name: 'Alice Ace', class_id: 'touring', transponders: [701] },
        { rider_id: 'car-b', name: 'Bob Best', class_id: 'touring', transponders: [carB] },
      ],
      decoders: [{ decoder_id: HEAT_DECODER, role: 'lap' }],
    }, at);
  setup(correction === 'mistyped' ? 709 : 702, t0);
  log.intent('race.stage', { event_id: HEAT_EVENT, race_id: HEAT_RACE, class_id: 'touring', name: 'Heat 1', round: 1, format: 'timed', duration_ms: 60_000, lineup: [{ rider_id: 'car-a' }, { rider_id: 'car-b' }] }, t0 + 10_000_000);
  log.intent('race.start', { race_id: HEAT_RACE }, HEAT_START_US);
  const crossings: [number, number][] = [[701, 1.0], [702, 2.0], [701, 21.0], [701, 22.5], [702, 24.0], [701, 40.5], [702, 46.0], [701, 61.5], [702, 68.0]];
  let lap2Ref = '';
  crossings.forEach(([transponder, seconds], i) => {
    log.passing(HEAT_DECODER, i + 1, transponder, HEAT_START_US + seconds * 1_000_000);
    if (transponder === 701 && seconds === 40.5) lap2Ref = `${HEAT_DECODER}:${i + 1}`;
  });
  const beforeCorrection = log.envelopes.length;
  if (correction === 'ignore') log.intent('passing.ignore', { race_id: HEAT_RACE, ref: lap2Ref, reason: 'stray read' }, HEAT_START_US + 300_000_000);
  else {
    setup(702, HEAT_START_US + 300_000_000);
    log.intent('race.rescore', { race_id: HEAT_RACE }, HEAT_START_US + 310_000_000);
  }
  return { envelopes: log.envelopes, beforeCorrection };
}
