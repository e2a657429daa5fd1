/**
 * @module A small club day that moves every read model: BMX motos (two unless asked) (gate, finishes, standings), an RC
 * heat with laps, a rejected double read and a correction, a second event the next day (which archives
 * the first), and a moto left staged. Seeded, so the same seed gives the same log.
 */
import { seededRng } from '../../shared/random/index.ts';
import { RaceLog } from './race-log.ts';

const HILL = 11;
const FINISH = 22;
const DAY_US = 24 * 3600e6;

export function clubDayLog(seed = 3, bootId = '01JBQ0000000000000000000AA', motos = 2): RaceLog {
  const rng = seededRng(seed);
  const log = new RaceLog(seed, bootId);
  let t = 1_761_900_000_000_000;
  let pn = 1;
  const pass = (decoder: number, transponder: number, at: number) => log.passing(decoder, pn++, transponder, Math.round(at), 0, 0);
  const bmx = Array.from({ length: 6 }, (_, i) => ({ rider_id: `bmx-${i}`, name: `BMX ${i}`, class_id: 'open', transponders: [500 + i] }));
  const rc = Array.from({ length: 4 }, (_, i) => ({ rider_id: `rc-${i}`, name: `Car ${i}`, class_id: 'touring', transponders: [700 + i] }));
  const setup = (eventId: string, at: number) =>
    log.intent('event.setup', {
      event_id: eventId,
      name: `Club day ${eventId}`,
      classes: [{ class_id: 'open', name: 'Open', format: 'bmx' }, { class_id: 'touring', name: 'Touring', format: 'timed' }],
      riders: [...bmx, ...rc],
      decoders: [{ decoder_id: HILL, role: 'start' }, { decoder_id: FINISH, role: 'finish' }],
    }, at);

  log.getTime(HILL, t, 0);
  log.getTime(FINISH, t, 0);
  setup('club-day', t);
  for (let moto = 1; moto <= motos; moto++) {
    const field = rng.sample(bmx, 4);
    log.intent('race.stage', { event_id: 'club-day', race_id: `moto-${moto}`, class_id: 'open', name: `Moto ${moto}`, round: moto, format: 'bmx', lineup: field.map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) }, (t += 20e6));
    pass(HILL, 9992, (t += 30e6));
    for (const r of field) pass(HILL, r.transponders[0]!, t + rng.between(2, 3) * 1e6);
    for (const { r, at } of field.map((r) => ({ r, at: t + rng.between(32, 40) * 1e6 })).sort((a, b) => a.at - b.at)) pass(FINISH, r.transponders[0]!, at);
    t += 60e6;
  }
  log.intent('race.stage', { event_id: 'club-day', race_id: 'heat-1', class_id: 'touring', name: 'Heat 1', format: 'timed', duration_ms: 90_000, lineup: rc.map((r) => ({ rider_id: r.rider_id })) }, (t += 20e6));
  log.intent('race.start', { race_id: 'heat-1' }, (t += 10e6));
  const cars = rc.map((r) => ({ r, lap: rng.between(18, 22) * 1e6, next: t + rng.between(1, 4) * 1e6 }));
  for (;;) {
    const car = cars.reduce((a, b) => (a.next < b.next ? a : b));
    if (car.next > t + 120e6) break;
    pass(FINISH, car.r.transponders[0]!, car.next);
    // A double read 1.5 s after a crossing: under min_lap, rejected.
    if (car.r.rider_id === 'rc-1' && car.next < t + 30e6) pass(FINISH, car.r.transponders[0]!, car.next + 1.5e6);
    car.next += car.lap * rng.between(0.97, 1.03);
  }
  log.intent('passing.add', { race_id: 'heat-1', rider_id: 'rc-3', time_ms: 45_000, reason: 'missed read' }, (t += 130e6));
  t += DAY_US + 3600e6;
  setup('club-day-2', t);
  log.intent('race.stage', { event_id: 'club-day-2', race_id: `moto-${motos + 1}`, class_id: 'open', name: `Moto ${motos + 1}`, round: 1, format: 'bmx', lineup: bmx.slice(0, 3).map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) }, (t += 20e6));
  return log;
}
