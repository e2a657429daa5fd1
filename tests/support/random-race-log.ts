/** @module Random but plausible track logs: decoders with their own clocks, riders, gate drops, every intent (some of them wrong), for replay properties and the engine benchmark. */
import type { IntentName } from '../../shared/contracts/index.ts';
import { seededRng } from '../../shared/random/index.ts';
import { RaceLog } from './race-log.ts';

const DECODERS = [{ id: 11, offset: 4_000_000 }, { id: 22, offset: -2_500_000 }];
const RIDERS = Array.from({ length: 12 }, (_, i) => ({ rider_id: `rider-${i}`, name: `Rider ${i}`, transponders: [100 + i] }));

/** `count` envelopes of track days (now and then the next day's event begins); the same seed gives the same log. */
export function randomRaceLog(seed: number, count: number): RaceLog {
  const rng = seededRng(seed);
  const log = new RaceLog(seed);
  let box = 1_700_000_000_000_000;
  let pn = 1;
  const raceIds: string[] = [];
  const refs: string[] = [];
  const eventIds = ['day'];
  let practiceNight = false;
  const intent = (name: IntentName, args: Record<string, unknown>) => {
    try {
      log.intent(name, args, box, rng.pick(['ann', 'system']));
    } catch {
      // Arguments the API would refuse never reach the log.
    }
  };
  const setup = (eventId: string) =>
    log.intent('event.setup', { event_id: eventId, name: 'Race day', classes: [{ class_id: 'open', name: 'Open' }], riders: RIDERS.map((r) => ({ ...r, class_id: 'open' })), decoders: [{ decoder_id: 11, role: 'start' }, { decoder_id: 22, role: 'finish' }], auto_practice: { enabled: rng.bool(0.85), quiet_ms: rng.int(60_000, 300_000) } }, box);
  /** The automatic practices' ids are the engine's to choose: these are its likely picks for the day. */
  const practiceIds = () => {
    const base = `practice-${new Date(box / 1000).toISOString().slice(0, 10)}`;
    return [base, `${base}-2`, `${base}-3`];
  };
  setup('day');
  while (log.envelopes.length < count) {
    box += Math.round(rng.between(0.05, 6) * 1e6);
    if (rng.bool(0.003)) {
      // The next day: a race day, whose setup archives yesterday's event unless a race was left open,
      // or a practice night nobody sets up.
      box += Math.round(rng.between(20, 30) * 3600e6);
      practiceNight = rng.bool(0.5);
      // A moto left staged keeps the practice board off, as on a real track; usually staff clear it.
      if (practiceNight && raceIds.length > 0 && rng.bool(0.8)) intent('race.reset', { race_id: raceIds.at(-1)! });
      if (!practiceNight) {
        eventIds.push(`day-${eventIds.length + 1}`);
        setup(eventIds.at(-1)!);
      }
      continue;
    }
    if (rng.bool(0.004)) {
      // A quiet track; the box's timer closes an automatic practice it finds open.
      box += Math.round(rng.between(1, 30) * 60e6);
      if (rng.bool(0.5)) intent('race.force_finish', { race_id: rng.pick(practiceIds()), reason: 'track quiet' });
      continue;
    }
    // A practice night has no race control, bar a correction now and then.
    const roll = practiceNight && rng.bool(0.95) ? rng.between(0.1, 1) : rng.next();
    const race = () => rng.pick(raceIds.length > 0 && rng.bool(0.9) ? (rng.bool(0.2) ? practiceIds() : raceIds) : ['r1', 'nope']);
    if (roll < 0.06) {
      const format = rng.pick(['bmx', 'timed', 'practice'] as const);
      const riders = rng.sample(RIDERS, rng.int(1, 8));
      const id = rng.bool(0.5) ? `race-${log.envelopes.length}` : undefined;
      if (id) raceIds.push(id);
      else raceIds.push(`r${raceIds.length + 1}`);
      const lineup = riders.map((r, i) => ({ rider_id: r.rider_id, ...(format === 'bmx' ? { lane: i + 1 } : {}) }));
      const extra = format === 'bmx' ? { min_time_ms: rng.int(0, 20_000), max_time_ms: rng.int(30_000, 90_000) } : format === 'timed' ? { duration_ms: rng.int(20_000, 120_000), overtime_ms: rng.int(0, 30_000), start_mode: rng.pick(['mass', 'staggered']) } : {};
      intent('race.stage', { event_id: rng.bool(0.9) ? eventIds.at(-1)! : rng.pick(eventIds), format, lineup, ...(id ? { race_id: id } : {}), ...extra });
    } else if (roll < 0.1) {
      const name = rng.pick(['race.start', 'race.gate', 'race.reset', 'race.force_finish', 'race.rescore', 'passing.ignore', 'passing.add'] as const);
      if (name === 'passing.ignore') intent(name, { race_id: race(), ref: rng.pick(refs.length > 0 ? refs : ['11:1']), reason: 'random' });
      else if (name === 'passing.add') intent(name, { race_id: race(), rider_id: rng.pick(RIDERS).rider_id, time_ms: rng.int(0, 90_000), reason: 'random' });
      else intent(name, { race_id: race() });
    } else if (roll < 0.12) {
      const d = rng.pick(DECODERS);
      log.getTime(d.id, box, d.offset + rng.int(-3000, 3000));
    } else if (roll < 0.35) {
      log.status(rng.pick(DECODERS).id, box);
    } else {
      const d = rng.pick(DECODERS);
      const transponder = rng.bool(0.08) ? rng.pick([9991, 9992, 9995]) : rng.bool(0.9) ? rng.pick(RIDERS).transponders[0]! : rng.int(1000, 2000);
      // Out-of-order times happen when two decoders' records interleave: up to 2 s back.
      const rtc = box + d.offset - rng.int(0, 2_000_000);
      refs.push(`${d.id}:${pn}`);
      log.passing(d.id, pn++, transponder, rtc, d.offset);
    }
  }
  return log;
}
