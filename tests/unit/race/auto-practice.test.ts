/** @module Automatic practice from logs: the first crossing with nothing staged or running opens a board, gate markers never do, a staged race ends it, a quiet track closes it. */
import { expect, it } from 'vitest';
import { RaceEngine, type DerivedEvent, type PracticeRaceView, type RaceView, type TimedRaceView } from '../../../shared/race/index.ts';
import { RaceLog } from '../../support/race-log.ts';

/** 18:00 UTC on a club night. */
const T0 = Date.UTC(2026, 11, 4, 18, 0) * 1000;
const DAY = '2026-12-04';
const DEC = 7;
const MIN = 60e6;

class Track {
  readonly log = new RaceLog();
  readonly engine = RaceEngine.create();
  private pn = 1;

  constructor() {
    this.apply(this.log.getTime(DEC, T0 - 100e6, 0));
  }

  apply(envelope: RaceLog['envelopes'][number]): DerivedEvent[] {
    return this.engine.apply(envelope);
  }

  /** A crossing `s` seconds after T0, on the box clock (the decoder's clock is the box's). */
  cross(s: number, transponder: number, decoderId = DEC): DerivedEvent[] {
    return this.apply(this.log.passing(decoderId, this.pn++, transponder, T0 + s * 1e6, 0, 0));
  }

  intent(name: Parameters<RaceLog['intent']>[0], args: unknown, s: number, by = 'ann'): DerivedEvent[] {
    return this.apply(this.log.intent(name, args, T0 + s * 1e6, by));
  }

  practice(raceId: string): PracticeRaceView {
    return this.engine.race(raceId)!.race as PracticeRaceView;
  }

  raceIds(): string[] {
    return this.engine.races().map((r: RaceView) => r.race_id);
  }
}

const boardOf = (view: PracticeRaceView) => view.rows.map((r) => [r.name, r.laps, r.best_lap_ms]);
const riders = [{ rider_id: 'eve', name: 'Eve', plate: '5', transponders: [5005] }, { rider_id: 'max', name: 'Max', plate: '8', transponders: [6006] }];

it('auto practice - the first crossing with nothing set up opens an open practice board in the day’s automatic event', () => {
  const track = new Track();
  const first = track.cross(0, 5005);
  expect(first.map((e) => (e.type === 'race.updated' ? `${e.type}:${e.payload.change.kind}` : e.type))).toEqual(['event.updated', 'race.updated:started', 'race.updated:lap']);
  track.cross(3, 6006);
  track.cross(20, 5005);
  track.cross(24, 6006);
  track.cross(37.5, 5005);
  expect(track.engine.currentEventId()).toBe(`practice-${DAY}`);
  expect(track.engine.event(`practice-${DAY}`)).toMatchObject({ name: 'Open practice', date: DAY, riders: [], auto_practice: { enabled: true, quiet_ms: 1_200_000 } });
  const view = track.practice(`practice-${DAY}`);
  expect(view).toMatchObject({ name: 'Open practice', status: 'running', started_at_us: T0, event_id: `practice-${DAY}` });
  expect(boardOf(view)).toEqual([['#5005', 2, 17_500], ['#6006', 1, 21_000]]);
  expect(track.engine.activeRaces().map((r) => r.race_id)).toEqual([`practice-${DAY}`]);
});

it('auto practice - gate markers and decoder STATUS open nothing; a marker still says no moto was staged', () => {
  const track = new Track();
  const events = [...track.cross(0, 9991), ...track.cross(1, 9992), ...track.cross(2, 9995), ...track.apply(track.log.status(DEC, T0 + 3e6))];
  expect(events.filter((e) => e.type === 'gate.unassigned')).toHaveLength(3);
  expect(events.some((e) => e.type === 'race.updated' || e.type === 'event.updated')).toBe(false);
  expect(track.raceIds()).toEqual([]);
  expect(track.engine.events()).toEqual([]);
});

it('auto practice - joins the event staff set up, with its riders’ names, timed on its lap decoder only', () => {
  const track = new Track();
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders, decoders: [{ decoder_id: DEC, role: 'lap' }, { decoder_id: 8, role: 'start' }] }, -3600);
  expect(track.cross(0, 5005, 8).some((e) => e.type === 'race.updated')).toBe(false);
  track.cross(1, 5005);
  track.cross(19, 5005);
  track.cross(20, 6006);
  const view = track.practice(`practice-${DAY}`);
  expect(view.event_id).toBe('club-night');
  expect(boardOf(view)).toEqual([['Eve', 1, 18_000], ['Max', 0, null]]);
  expect(track.engine.events().map((e) => e.event_id)).toEqual(['club-night']);
});

it('auto practice - a staged race ends it; the staged riders’ practice laps stay on its board and their next crossings wait for the start', () => {
  const track = new Track();
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders }, -3600);
  for (const [s, t] of [[0, 5005], [1, 6006], [20, 5005], [22, 6006]] as const) track.cross(s, t);
  const staged = track.intent('race.stage', { event_id: 'club-night', race_id: 'heat-1', format: 'timed', duration_ms: 60_000, lineup: [{ rider_id: 'eve' }, { rider_id: 'max' }] }, 30);
  expect(staged.filter((e) => e.type === 'race.updated').map((e) => [e.race_id, e.type === 'race.updated' && e.payload.change.kind])).toEqual([[`practice-${DAY}`, 'finished'], ['heat-1', 'staged']]);
  expect(track.practice(`practice-${DAY}`)).toMatchObject({ status: 'finished', finish_reason: 'force_finish', finished_at_us: T0 + 30e6 });
  expect(boardOf(track.practice(`practice-${DAY}`))).toEqual([['Eve', 1, 20_000], ['Max', 1, 21_000]]);
  // On the grid: no practice reopens while the heat is staged, then running.
  expect(track.cross(40, 5005).some((e) => e.type === 'race.updated')).toBe(false);
  track.intent('race.start', { race_id: 'heat-1' }, 50);
  track.cross(51, 5005);
  track.cross(52, 1234);
  expect(track.raceIds()).toEqual(['heat-1', `practice-${DAY}`]);
  expect((track.engine.race('heat-1')!.race as TimedRaceView).rows.map((r) => [r.name, r.status])).toEqual([['Eve', 'racing'], ['Max', 'waiting']]);
});

it('auto practice - waits a quiet period after staff’s last race, then opens the next board of the day', () => {
  const track = new Track();
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders }, -3600);
  track.intent('race.stage', { event_id: 'club-night', race_id: 'heat-1', format: 'timed', duration_ms: 20_000, lineup: [{ rider_id: 'eve' }] }, 0);
  track.intent('race.start', { race_id: 'heat-1' }, 1);
  for (const s of [2, 13, 24]) track.cross(s, 5005);
  expect(track.engine.race('heat-1')!.race).toMatchObject({ status: 'finished', finish_reason: 'all_finished' });
  // A cool-down lap and the next minutes of a race meeting: no board between races.
  for (const s of [35, 600, 24 + 1199]) expect(track.cross(s, 5005).some((e) => e.type === 'race.updated')).toBe(false);
  track.cross(24 + 1201, 6006);
  expect(track.practice(`practice-${DAY}`)).toMatchObject({ name: 'Open practice', status: 'running', started_at_us: T0 + 1225e6 });
});

it('auto practice - the box’s system intent after a quiet period closes it at the quiet deadline; the next crossing opens a new board', () => {
  const track = new Track();
  track.cross(0, 5005);
  track.cross(20, 5005);
  expect(track.engine.overdue(T0 + 20e6 + 20 * MIN)).toEqual([]);
  expect(track.engine.overdue(T0 + 20e6 + 20 * MIN + 1)).toEqual([{ race_id: `practice-${DAY}`, reason: 'quiet' }]);
  track.intent('race.force_finish', { race_id: `practice-${DAY}`, reason: 'track quiet' }, 20 + 20 * 60 + 1, 'system');
  expect(track.practice(`practice-${DAY}`)).toMatchObject({ status: 'finished', finish_reason: 'quiet', finished_at_us: T0 + 20e6 + 20 * MIN });
  expect(track.engine.activeRaces()).toEqual([]);
  track.cross(3000, 6006);
  expect(track.practice(`practice-${DAY}-2`)).toMatchObject({ name: 'Open practice 2', status: 'running', event_id: `practice-${DAY}` });
  expect(boardOf(track.practice(`practice-${DAY}-2`))).toEqual([['#6006', 0, null]]);
});

it('auto practice - a crossing after the quiet period closes the board at the deadline and opens a new one, with no intent logged', () => {
  const track = new Track();
  track.cross(0, 5005);
  track.cross(20, 5005);
  const events = track.cross(20 + 25 * 60, 5005);
  expect(events.filter((e) => e.type === 'race.updated').map((e) => [e.race_id, e.type === 'race.updated' && e.payload.change.kind])).toEqual([
    [`practice-${DAY}`, 'finished'],
    [`practice-${DAY}-2`, 'started'],
    [`practice-${DAY}-2`, 'lap'],
  ]);
  expect(track.practice(`practice-${DAY}`)).toMatchObject({ finish_reason: 'quiet', finished_at_us: T0 + 20e6 + 20 * MIN });
  expect(boardOf(track.practice(`practice-${DAY}`))).toEqual([['#5005', 1, 20_000]]);
});

it('auto practice - the event’s quiet_ms sets the period; an event that turns it off gets no board', () => {
  const short = new Track();
  short.intent('event.setup', { event_id: 'club-night', name: 'Club night', auto_practice: { quiet_ms: 120_000 } }, -60);
  short.cross(0, 5005);
  short.cross(121, 5005);
  expect(short.raceIds()).toEqual([`practice-${DAY}-2`, `practice-${DAY}`]);
  expect(short.practice(`practice-${DAY}`)).toMatchObject({ finish_reason: 'quiet', finished_at_us: T0 + 120e6 });

  const off = new Track();
  off.intent('event.setup', { event_id: 'race-day', name: 'Race day', auto_practice: { enabled: false } }, -60);
  off.cross(0, 5005);
  off.cross(30, 5005);
  expect(off.raceIds()).toEqual([]);
});

it('auto practice - staff stopping it hold the next one off for the quiet period', () => {
  const track = new Track();
  track.cross(0, 5005);
  track.intent('race.force_finish', { race_id: `practice-${DAY}` }, 10);
  expect(track.practice(`practice-${DAY}`)).toMatchObject({ finish_reason: 'force_finish', finished_at_us: T0 + 10e6 });
  track.cross(60, 5005);
  expect(track.raceIds()).toEqual([`practice-${DAY}`]);
  track.cross(10 + 20 * 60 + 1, 5005);
  expect(track.raceIds()).toEqual([`practice-${DAY}-2`, `practice-${DAY}`]);
});

it('auto practice - a day-old event is left alone: the next day’s crossings open the new day’s automatic event and archive the old one', () => {
  const track = new Track();
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders }, -3600);
  track.cross(0, 5005);
  track.cross(20, 5005);
  const nextDay = track.cross(26 * 3600, 5005);
  expect(nextDay.filter((e) => e.type === 'event.archived').map((e) => e.event_id)).toEqual(['club-night']);
  expect(track.engine.currentEventId()).toBe('practice-2026-12-05');
  expect(track.practice('practice-2026-12-05')).toMatchObject({ event_id: 'practice-2026-12-05', status: 'running' });
});

it('auto practice - a new event set up moves the board to it with its riders’ names; turning it off in its own setup ends it', () => {
  const track = new Track();
  track.cross(0, 5005);
  track.cross(20, 5005);
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders }, 30);
  expect(track.practice(`practice-${DAY}`)).toMatchObject({ event_id: `practice-${DAY}`, status: 'finished', finish_reason: 'force_finish', finished_at_us: T0 + 30e6 });
  track.cross(40, 5005);
  expect(track.practice(`practice-${DAY}-2`)).toMatchObject({ event_id: 'club-night', status: 'running' });
  expect(boardOf(track.practice(`practice-${DAY}-2`))).toEqual([['Eve', 0, null]]);
  // The same event set up again (a rider added) keeps the board, with its new quiet period.
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders, auto_practice: { quiet_ms: 60_000 } }, 50);
  expect(track.practice(`practice-${DAY}-2`).status).toBe('running');
  expect(track.engine.overdue(T0 + 40e6 + 60e6 + 1)).toEqual([{ race_id: `practice-${DAY}-2`, reason: 'quiet' }]);
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders, auto_practice: { enabled: false } }, 60);
  expect(track.practice(`practice-${DAY}-2`)).toMatchObject({ status: 'finished', finished_at_us: T0 + 60e6 });
  track.cross(70, 5005);
  expect(track.raceIds()).toEqual([`practice-${DAY}-2`, `practice-${DAY}`]);
});

it('auto practice - replays identically from the log and from a snapshot taken after any envelope', () => {
  const track = new Track();
  track.intent('event.setup', { event_id: 'club-night', name: 'Club night', riders, auto_practice: { quiet_ms: 60_000 } }, -60);
  for (let s = 0; s < 400; s += 7) track.cross(s, s % 2 === 0 ? 5005 : 6006);
  track.intent('race.force_finish', { race_id: `practice-${DAY}` }, 400, 'system');
  for (let s = 470; s < 600; s += 11) track.cross(s, 5005);
  track.intent('race.stage', { event_id: 'club-night', race_id: 'heat-1', format: 'timed', duration_ms: 20_000, lineup: [{ rider_id: 'eve' }] }, 601);
  track.cross(605, 9991);
  const replay = (envelopes: RaceLog['envelopes'], engine = RaceEngine.create()) => envelopes.map((e) => JSON.stringify(engine.applyStep(e)));
  const full = replay(track.log.envelopes);
  expect(full).toEqual(replay(track.log.envelopes));
  for (let cut = 0; cut <= track.log.envelopes.length; cut++) {
    const first = RaceEngine.create();
    const head = replay(track.log.envelopes.slice(0, cut), first);
    const resumed = RaceEngine.fromSnapshot(first.snapshot());
    expect([...head, ...replay(track.log.envelopes.slice(cut), resumed)], `cut ${cut}`).toEqual(full);
    expect(resumed.snapshot()).toBe(track.engine.snapshot());
  }
});
