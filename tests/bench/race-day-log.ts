/** @module A plausible race day for the engine benchmark (a small BMX meeting run by its intents, BMX motos, RC heats, long practice, STATUS every 5 s from two decoders, records as a real decoder sends them), and a run of such days for a season-sized log. */
import { seededRng } from '../../shared/random/index.ts';
import { RaceEngine } from '../../shared/race/index.ts';
import { RaceLog } from '../support/race-log.ts';

const HILL = 11;
const FINISH = 22;

const DAY_US = 86_400e6;
const DAY_START_US = 1_700_000_000_000_000;

export function raceDayLog(seed = 7): RaceLog {
  const log = new RaceLog(seed, undefined, true);
  raceDay(log, seededRng(seed), 0, DAY_START_US, { pn: 1 }, false);
  return log;
}

/** When the n-th race day of `raceDaysLog(days, spacingDays)` starts, in µs. */
export const raceDayStartUs = (day: number, spacingDays = 1): number => DAY_START_US + day * spacingDays * DAY_US;

/**
 * `days` race days in one log, `spacingDays` apart (1: consecutive days; 7: a weekly club's
 * season), one decoder counter throughout: each day its own event, the engine archiving the days
 * before once they have been idle long enough.
 */
export function raceDaysLog(days: number, spacingDays = 1, seed = 7): RaceLog {
  const log = new RaceLog(seed, undefined, true);
  const rng = seededRng(seed);
  const counter = { pn: 1 };
  for (let day = 0; day < days; day++) raceDay(log, rng, day, raceDayStartUs(day, spacingDays), counter);
  return log;
}

/** Day 0 is the benchmark's race day exactly as it always was (its practice left open); later days name their event, heats and practice after the day. */
function raceDay(log: RaceLog, rng: ReturnType<typeof seededRng>, day: number, startUs: number, counter: { pn: number }, closePractice = true): void {
  let t = startUs;
  const eventId = day === 0 ? 'day' : `day-${day + 1}`;
  const heatId = (heat: number) => (day === 0 ? `r${121 + heat}` : `d${day + 1}-heat-${heat + 1}`);
  const practiceId = day === 0 ? 'practice' : `practice-${day + 1}`;
  const riders = Array.from({ length: 64 }, (_, i) => ({ rider_id: `rider-${i}`, name: `Rider ${i}`, class_id: 'open', transponders: [200_000 + i] }));
  const cup = Array.from({ length: 16 }, (_, i) => ({ rider_id: `cup-${i}`, name: `Cup rider ${i}`, class_id: 'cup', transponders: [400_000 + i] }));
  let nextStatus = t;
  /** STATUS from both decoders every 5 s up to time `until`. */
  const statusUntil = (until: number) => {
    for (; nextStatus <= until; nextStatus += 5e6) {
      log.status(HILL, nextStatus);
      log.status(FINISH, nextStatus);
    }
  };
  const passing = (decoder: number, transponder: number, at: number) => {
    statusUntil(at);
    log.passing(decoder, counter.pn++, transponder, Math.round(at), 0, 0);
  };
  log.getTime(HILL, t, 0);
  log.getTime(FINISH, t, 0);
  log.intent('event.setup', { event_id: eventId, name: day === 0 ? 'Race day' : `Race day ${day + 1}`, classes: [{ class_id: 'open', name: 'Open' }, { class_id: 'cup', name: 'Cup' }], riders: [...riders, ...cup], decoders: [{ decoder_id: HILL, role: 'start' }, { decoder_id: FINISH, role: 'finish' }] }, t);

  // The cup's meeting: 16 riders in two splits over 3 motos, staged from the sheet, then the main of 8.
  // Staff read the gate off race control; here a shadow engine over the log so far stands in for it.
  const shadow = RaceEngine.create();
  let fed = 0;
  const runStaged = () => {
    log.intent('meeting.stage_next', { event_id: eventId }, t);
    for (; fed < log.envelopes.length; fed++) shadow.apply(log.envelopes[fed]!);
    const staged = shadow.activeRaces(eventId).find((r) => r.status === 'staged')!;
    t += 30e6;
    passing(HILL, 9992, t);
    const field = staged.rows.map((row) => cup.find((r) => r.rider_id === row.rider_id)!);
    const finishes = field.map((r) => ({ r, at: t + rng.between(32, 42) * 1e6 })).sort((a, b) => a.at - b.at);
    for (const { r, at } of finishes) passing(FINISH, r.transponders[0]!, at);
    t = Math.round(finishes.at(-1)!.at + 20e6);
  };
  log.intent('meeting.setup', { event_id: eventId, bmx: { classes: [{ class_id: 'cup' }] } }, t);
  log.intent('meeting.draw_motos', { event_id: eventId }, t);
  for (let moto = 0; moto < 6; moto++) runStaged();
  log.intent('meeting.propose_mains', { event_id: eventId, group_id: 'cup' }, t);
  log.intent('meeting.confirm_mains', { event_id: eventId, group_id: 'cup' }, t);
  runStaged();

  for (let moto = 0; moto < 120; moto++) {
    const field = rng.sample(riders, 8);
    log.intent('race.stage', { event_id: eventId, class_id: 'open', format: 'bmx', lineup: field.map((r, i) => ({ rider_id: r.rider_id, lane: i + 1 })) }, t);
    t += 30e6;
    passing(HILL, 9992, t);
    for (const r of field) passing(HILL, r.transponders[0]!, t + rng.between(2, 3) * 1e6);
    const finishes = field.map((r) => ({ r, at: t + rng.between(32, 42) * 1e6 })).sort((a, b) => a.at - b.at);
    for (const { r, at } of finishes) passing(FINISH, r.transponders[0]!, at);
    t = Math.round(finishes.at(-1)!.at + 20e6);
  }
  for (let heat = 0; heat < 20; heat++) {
    const field = rng.sample(riders, 12);
    log.intent('race.stage', { event_id: eventId, ...(day === 0 ? {} : { race_id: heatId(heat) }), format: 'timed', duration_ms: 300_000, lineup: field.map((r) => ({ rider_id: r.rider_id })) }, t);
    log.intent('race.start', { race_id: heatId(heat) }, (t += 10e6));
    const cars = field.map((r) => ({ r, lap: rng.between(18, 24) * 1e6, next: t + rng.between(1, 6) * 1e6 }));
    const end = t + 330e6;
    for (;;) {
      const car = cars.reduce((a, b) => (a.next < b.next ? a : b));
      if (car.next > end) break;
      passing(FINISH, car.r.transponders[0]!, car.next);
      car.next += car.lap * rng.between(0.97, 1.03);
    }
    t = end + 60e6;
  }
  log.intent('race.stage', { event_id: eventId, race_id: practiceId, format: 'practice' }, t);
  log.intent('race.start', { race_id: practiceId }, t);
  const cars = Array.from({ length: 24 }, (_, i) => ({ transponder: 300_000 + i, lap: rng.between(15, 25) * 1e6, next: t + rng.between(0, 20) * 1e6 }));
  const end = t + 6 * 3600e6;
  for (;;) {
    const car = cars.reduce((a, b) => (a.next < b.next ? a : b));
    if (car.next > end) break;
    passing(FINISH, car.transponder, car.next);
    car.next += car.lap * rng.between(0.95, 1.05);
  }
  // Staff close practice at the day's end, so the day's event can be archived once idle.
  if (closePractice) log.intent('race.force_finish', { race_id: practiceId }, end);
}
