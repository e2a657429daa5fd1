/** @module Random but plausible track logs: decoders with their own clocks, riders, gate drops, every intent (some of them wrong), race meetings when asked, for replay properties and the engine benchmark. */
import type { IntentName } from '../../shared/contracts/index.ts';
import { seededRng } from '../../shared/random/index.ts';
import { RaceEngine, type MeetingView } from '../../shared/race/index.ts';
import { RaceLog } from './race-log.ts';

const DECODERS = [{ id: 11, offset: 4_000_000 }, { id: 22, offset: -2_500_000 }];
const RIDERS = Array.from({ length: 12 }, (_, i) => ({ rider_id: `rider-${i}`, name: `Rider ${i}`, transponders: [100 + i] }));

/**
 * `count` envelopes of track days (now and then the next day's event begins); the same seed gives the
 * same log. With `meetings`, race-meeting intents are mixed in from a stream of their own, so the rest
 * of the log is the same as without.
 */
export function randomRaceLog(seed: number, count: number, options: { meetings?: boolean } = {}): RaceLog {
  const rng = seededRng(seed);
  const meetingRng = options.meetings ? seededRng(seed ^ 0x5eed) : null;
  const shadow = RaceEngine.create();
  let applied = 0;
  const log = new RaceLog(seed);
  let box = 1_700_000_000_000_000;
  let pn = 1;
  const raceIds: string[] = [];
  const refs: string[] = [];
  const eventIds = ['day'];
  let practiceNight = false;
  // Practice nights and quiet tracks draw from a stream of their own, so the rest of a seed's log is as it was before them.
  const practiceRng = seededRng(seed ^ 0x9ac7);
  const logged = (name: IntentName, args: Record<string, unknown>, by: string) => {
    try {
      log.intent(name, args, box, by);
    } catch {
      // Arguments the API would refuse never reach the log.
    }
  };
  const intent = (name: IntentName, args: Record<string, unknown>) => logged(name, args, rng.pick(['ann', 'system']));
  const setup = (eventId: string) =>
    log.intent('event.setup', { event_id: eventId, name: 'Race day', classes: [{ class_id: 'open', name: 'Open' }], riders: RIDERS.map((r) => ({ ...r, class_id: 'open' })), decoders: [{ decoder_id: 11, role: 'start' }, { decoder_id: 22, role: 'finish' }], auto_practice: { enabled: practiceRng.bool(0.85), quiet_ms: practiceRng.int(60_000, 300_000) } }, box);
  /** The automatic practices' ids are the engine's to choose: these are its likely picks for the day. */
  const practiceIds = () => {
    const base = `practice-${new Date(box / 1000).toISOString().slice(0, 10)}`;
    return [base, `${base}-2`, `${base}-3`];
  };
  setup('day');
  while (log.envelopes.length < count) {
    box += Math.round(rng.between(0.05, 6) * 1e6);
    if (meetingRng?.bool(0.15)) {
      for (; applied < log.envelopes.length; applied++) shadow.apply(log.envelopes[applied]!);
      meetingIntent(meetingRng, eventIds.at(-1)!, (name, args) => {
        try {
          log.intent(name, args, box, 'ann');
        } catch {
          // As above: refused arguments are never logged.
        }
      }, shadow.meeting(eventIds.at(-1)!), raceIds);
      continue;
    }
    if (rng.bool(0.003)) {
      // The next day: a race day, whose setup archives yesterday's event unless a race was left open,
      // or a practice night nobody sets up.
      practiceNight = practiceRng.bool(0.5);
      if (practiceNight) {
        // A race left staged or running keeps the practice board off, as on a real track: staff usually clear the track as the race day ends.
        for (; applied < log.envelopes.length; applied++) shadow.apply(log.envelopes[applied]!);
        for (const r of shadow.activeRaces()) if (practiceRng.bool(0.8)) logged(r.status === 'staged' ? 'race.reset' : 'race.force_finish', { race_id: r.race_id }, 'ann');
      }
      box += Math.round(rng.between(20, 30) * 3600e6);
      // Some a day after the last race day, some later: then nothing staff set up is current.
      if (practiceNight) box += Math.round(practiceRng.between(0, 24) * 3600e6);
      if (!practiceNight) {
        eventIds.push(`day-${eventIds.length + 1}`);
        setup(eventIds.at(-1)!);
      }
      continue;
    }
    if (practiceRng.bool(0.004)) {
      // A quiet track; the box's timer closes an automatic practice it finds open.
      box += Math.round(practiceRng.between(1, 30) * 60e6);
      if (practiceRng.bool(0.5)) logged('race.force_finish', { race_id: practiceRng.pick(practiceIds()), reason: 'track quiet' }, 'system');
      continue;
    }
    // A practice night has no race control, bar a correction now and then.
    const roll = practiceNight && practiceRng.bool(0.95) ? practiceRng.between(0.1, 1) : rng.next();
    const race = () => rng.pick(raceIds.length > 0 && rng.bool(0.9) ? (practiceRng.bool(0.2) ? practiceIds() : raceIds) : ['r1', 'nope']);
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

/**
 * One race-meeting intent, as staff run a meeting from what race control shows (a shadow engine over
 * the log so far), with some out of turn: setups of either sport, draws, the race at the gate staged,
 * started and stopped, mains proposed and confirmed.
 */
function meetingIntent(rng: ReturnType<typeof seededRng>, eventId: string, intent: (name: IntentName, args: Record<string, unknown>) => void, view: MeetingView | undefined, raceIds: string[]): void {
  // The meeting's races get the corrections and resets the rest of the log sends too.
  for (const r of view?.order ?? []) if (r.run_race_id && !raceIds.includes(r.run_race_id)) raceIds.push(r.run_race_id);
  const roll = rng.next();
  if (roll < 0.04 || (!view && roll < 0.3)) {
    const bmx = { classes: [{ class_id: 'open', format: rng.pick(['transfer', 'total_points', 'olympic']) }], rounds: rng.int(1, 3), gate_size: rng.int(4, 8), max_time_ms: rng.int(30_000, 90_000) };
    const rc = { classes: [{ class_id: 'open', heat_size: rng.int(3, 8), qualifying_rounds: rng.int(1, 3), main_size: rng.int(3, 8), bumps: rng.int(0, 2), qualifying_ms: rng.int(20_000, 60_000), main_ms: rng.int(20_000, 60_000), a_mains: { legs: rng.int(1, 2), count: 1 } }] };
    return intent('meeting.setup', { event_id: eventId, ...(rng.bool(0.5) ? { bmx } : { rc }) });
  }
  if (roll < 0.08 || (view?.setup.bmx && view.seed === null)) return intent('meeting.draw_motos', { event_id: eventId });
  const races = view?.order ?? [];
  const staged = races.find((r) => r.status === 'staged');
  const running = races.filter((r) => r.status === 'running');
  if (staged && rng.bool(0.8)) return intent(staged.format === 'bmx' ? 'race.gate' : 'race.start', { race_id: staged.run_race_id! });
  if (running.length > 0 && rng.bool(0.5)) return intent('race.force_finish', { race_id: rng.pick(running).run_race_id! });
  const group = view?.groups.find((g) => g.waiting_for.length === 0 && g.results === null);
  if (group && rng.bool(0.5)) return intent(group.proposed ? 'meeting.confirm_mains' : 'meeting.propose_mains', { event_id: eventId, group_id: group.group_id });
  intent('meeting.stage_next', { event_id: eventId });
}
