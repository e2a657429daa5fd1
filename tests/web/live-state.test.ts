/** @module The boards' state: snapshots replace, race updates apply by revision, standings and passings accumulate. */
import { describe, expect, test } from 'vitest';
import { activeRaces, className, emptyLiveState, finishedRaces, PASSINGS_KEPT, reduceLive } from '../../web/shared/live-state.ts';
import type { DerivedEvent, LivePassing, Standings } from '../../shared/race/views.ts';
import { bmxRace, message, practiceRace, raceUpdated, timedRace } from './race-fixtures.ts';

const passing = (n: number): LivePassing => ({
  decoder_id: 1, passing_number: n, transponder: 1000 + n, transponder_code: null, rtc_time_us: n, captured_at_us: n, strength: null, hits: null, rider_id: null, name: null, gate: false,
});

const standings = (classId: string, name: string): Standings => ({
  event_id: 'club-day', class_id: classId, format: 'bmx', rows: [{ position: 1, rider_id: 'r1', name, plate: '11', results: [], total_points: 1, best_text: '', best_lap: null }],
});

const CLUB_DAY = { event_id: 'club-day', name: 'Club day', date: null, classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' as const }], riders: [], decoders: [], auto_practice: { enabled: true, quiet_ms: 1_200_000 } };

describe('live state', () => {
  test('live state - a race snapshot replaces event, races and standings and marks the board synced', () => {
    const before = reduceLive(emptyLiveState, message('snapshot', 'race', { event: null, races: [bmxRace({ race_id: 'old' })], standings: [standings('x', 'Old')] }));
    const after = reduceLive(before, message('snapshot', 'race', { event: null, races: [timedRace()], standings: [] }));
    expect(after.synced).toBe(true);
    expect(after.races.map((r) => r.race_id)).toEqual(['a-main']);
    expect(after.standings).toEqual([]);
  });

  test('live state - a thinned flood puts its newest passing at the head of the strip once', () => {
    const one = reduceLive(emptyLiveState, message('event', 'decoder', { type: 'passing', passing: passing(1) }));
    const thinned = reduceLive(one, message('event', 'decoder', { type: 'passings_skipped', skipped: 950, latest: passing(999) }));
    expect(thinned.passings.map((p) => p.passing_number)).toEqual([999, 1]);
    const again = reduceLive(thinned, message('event', 'decoder', { type: 'passings_skipped', skipped: 0, latest: passing(999) }));
    expect(again).toBe(thinned);
  });

  test('live state - a decoder snapshot replaces the passings and the status without touching races', () => {
    const withRace = reduceLive(emptyLiveState, message('snapshot', 'race', { event: null, races: [bmxRace()], standings: [] }));
    const withPassing = reduceLive(withRace, message('event', 'decoder', { type: 'passing', passing: passing(1) }));
    const next = reduceLive(withPassing, message('snapshot', 'decoder', { status: { track_id: 'local-track' }, passings: [passing(7)] }));
    expect(next.passings.map((p) => p.passing_number)).toEqual([7]);
    expect(next.status).toEqual({ track_id: 'local-track' });
    expect(next.races).toHaveLength(1);
  });

  test('live state - an archived event takes its races, standings and header off the board and asks the box what is in progress', () => {
    let state = reduceLive(emptyLiveState, message('snapshot', 'race', { event: CLUB_DAY, races: [bmxRace()], standings: [standings('open', 'Ann')] }));
    const archived: DerivedEvent = { id: 'e-archive', type: 'event.archived', event_id: 'club-day', race_id: null, at_us: 1, payload: { race_ids: ['moto-1'], last_activity_us: 0 } };
    state = reduceLive(state, message('event', 'race', archived));
    expect(state).toMatchObject({ event: null, races: [], standings: [], resync: true });
  });

  test('live state - another event’s races and set-up never join the event shown; its set-up or a race staged in it asks for a fresh snapshot', () => {
    const shown = reduceLive(emptyLiveState, message('snapshot', 'race', { event: CLUB_DAY, races: [bmxRace({ status: 'finished' })], standings: [standings('boys-13', 'Ann')] }));
    const rcNight = { event_id: 'rc-night', name: 'RC night', date: null, classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' as const }], riders: [], decoders: [], auto_practice: { enabled: true, quiet_ms: 1_200_000 } };
    // A lap in another event's race moves nothing.
    const lap = reduceLive(shown, raceUpdated(timedRace({ event_id: 'rc-night', revision: 9 }), { kind: 'lap', rider_id: 'd1', transponder: 2001, lap: 2, lap_ms: 20_000 }));
    expect(lap).toBe(shown);
    const setUp = reduceLive(shown, message('event', 'race', { id: 'x', type: 'event.updated', event_id: 'rc-night', race_id: null, at_us: 1, payload: { event: rcNight } }));
    expect(setUp).toMatchObject({ event: CLUB_DAY, races: shown.races, standings: shown.standings, resync: true });
    const staged = reduceLive(shown, raceUpdated(timedRace({ event_id: 'rc-night', status: 'staged' }), { kind: 'staged' }));
    expect(staged).toMatchObject({ races: shown.races, resync: true });
    // The next snapshot is the box's word on the event in progress.
    const fresh = reduceLive(staged, message('snapshot', 'race', { event: rcNight, races: [timedRace({ event_id: 'rc-night' })], standings: [] }));
    expect(fresh).toMatchObject({ event: rcNight, resync: false });
    expect(fresh.races.map((r) => r.event_id)).toEqual(['rc-night']);
  });

  test('live state - race.updated replaces a known race only when its revision is newer', () => {
    let state = reduceLive(emptyLiveState, message('snapshot', 'race', { event: null, races: [bmxRace({ revision: 3 })], standings: [] }));
    state = reduceLive(state, raceUpdated(bmxRace({ revision: 2, name: 'older' })));
    expect(state.races[0]!.name).toBe('Moto 1');
    state = reduceLive(state, raceUpdated(bmxRace({ revision: 4, status: 'running', name: 'newer' })));
    expect(state.races[0]!).toMatchObject({ name: 'newer', status: 'running' });
    expect(state.races).toHaveLength(1);
  });

  test('live state - race.updated for an unknown race adds it', () => {
    const state = reduceLive(reduceLive(emptyLiveState, message('snapshot', 'race', { event: null, races: [bmxRace()], standings: [] })), raceUpdated(timedRace()));
    expect(state.races.map((r) => r.race_id).sort()).toEqual(['a-main', 'm1']);
  });

  test('live state - a lap or finish change marks that row to flash, counting up each time', () => {
    let state = reduceLive(emptyLiveState, raceUpdated(timedRace({ revision: 6 }), { kind: 'lap', rider_id: 'd2', transponder: 2002, lap: 4, lap_ms: 19_000 }));
    expect(state.highlight).toEqual({ race_id: 'a-main', rider_id: 'd2', transponder: 2002, n: 1 });
    state = reduceLive(state, raceUpdated(timedRace({ revision: 7 }), { kind: 'finish', rider_id: 'd1', place: 1, elapsed_ms: 300_500 }));
    expect(state.highlight).toEqual({ race_id: 'a-main', rider_id: 'd1', transponder: null, n: 2 });
  });

  test('live state - standings.updated replaces the standings of the same event and class only', () => {
    let state = reduceLive(emptyLiveState, message('snapshot', 'race', { event: null, races: [], standings: [standings('a', 'A1'), standings('b', 'B1')] }));
    state = reduceLive(state, message('event', 'race', { id: 'x', type: 'standings.updated', event_id: 'club-day', race_id: null, at_us: 1, payload: { standings: standings('b', 'B2') } }));
    expect(state.standings.map((s) => `${s.class_id}:${s.rows[0]!.name}`).sort()).toEqual(['a:A1', 'b:B2']);
  });

  test('live state - event.updated sets the event', () => {
    const event = { event_id: 'club-day', name: 'Club day', date: null, classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' as const }], riders: [], decoders: [] };
    const state = reduceLive(emptyLiveState, message('event', 'race', { id: 'x', type: 'event.updated', event_id: 'club-day', race_id: null, at_us: 1, payload: { event } }));
    expect(state.event).toEqual(event);
    expect(className(state.event, 'boys-13')).toBe('Boys 13');
    expect(className(state.event, 'girls')).toBe('girls');
    expect(className(state.event, null)).toBeNull();
  });

  test('live state - passings keep the newest first and only the latest few', () => {
    let state = emptyLiveState;
    for (let n = 1; n <= PASSINGS_KEPT + 5; n += 1) state = reduceLive(state, message('event', 'decoder', { type: 'passing', passing: passing(n) }));
    expect(state.passings).toHaveLength(PASSINGS_KEPT);
    expect(state.passings[0]!.passing_number).toBe(PASSINGS_KEPT + 5);
  });

  test('live state - heartbeats and errors leave the state as it was', () => {
    const state = reduceLive(emptyLiveState, message('snapshot', 'race', { event: null, races: [bmxRace()], standings: [] }));
    expect(reduceLive(state, message('heartbeat', 'race', {}))).toBe(state);
    expect(reduceLive(state, message('error', 'race', { code: 'lagging', message: 'slow', reconnect_after_ms: 2000 }))).toBe(state);
  });

  test('live state - races on track come running first, then staged; finished ones latest first; reset ones nowhere', () => {
    const races = [
      bmxRace({ race_id: 'staged-early', staged_at_us: 1 }),
      bmxRace({ race_id: 'staged-late', staged_at_us: 2 }),
      practiceRace({ race_id: 'running' }),
      bmxRace({ race_id: 'done-early', status: 'finished', finished_at_us: 10 }),
      bmxRace({ race_id: 'done-late', status: 'finished', finished_at_us: 20 }),
      bmxRace({ race_id: 'gone', status: 'reset' }),
    ];
    expect(activeRaces(races).map((r) => r.race_id)).toEqual(['running', 'staged-late', 'staged-early']);
    expect(finishedRaces(races).map((r) => r.race_id)).toEqual(['done-late', 'done-early']);
  });
});
