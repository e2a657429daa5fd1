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
  const intent = (name: IntentName, args: Record<string, unknown>) => {
    try {
      log.intent(name, args, box, rng.pick(['ann', 'system']));
    } catch {
      // Arguments the API would refuse never reach the log.
    }
  };
  const setup = (eventId: string) => log.intent('event.setup', { event_id: eventId, name: 'Race day', classes: [{ class_id: 'open', name: 'Open' }], riders: RIDERS.map((r) => ({ ...r, class_id: 'open' })), decoders: [{ decoder_id: 11, role: 'start' }, { decoder_id: 22, role: 'finish' }] }, box);
  setup('day');
  while (log.envelopes.length < count) {
    box += Math.round(rng.between(0.05, 6) * 1e6);
    if (rng.bool(0.003)) {
      // The next race day: yesterday's event is archived unless a race was left open.
      box += Math.round(rng.between(20, 30) * 3600e6);
      eventIds.push(`day-${eventIds.length + 1}`);
      setup(eventIds.at(-1)!);
      continue;
    }
    const roll = rng.next();
    const race = () => rng.pick(raceIds.length > 0 && rng.bool(0.9) ? raceIds : ['r1', 'nope']);
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
