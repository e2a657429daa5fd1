/** @module The announcer's words and timing: exact phrases from live messages, nothing from snapshots or another event, one phrase at a time with stale ones dropped. */
import { describe, expect, test } from 'vitest';
import { emptyLiveState, reduceLive, type LiveState } from '../../web/shared/live-state.ts';
import type { LiveMessage } from '../../web/shared/live-types.ts';
import { phraseFor, spokenLap, type Phrase } from '../../web/scoreboard/announcer-phrases.ts';
import { emptyQueue, GAP_MS, offer, spoken, STALE_MS, take, type SpeechQueue } from '../../web/scoreboard/announcer-queue.ts';
import { bmxRace, bmxRow, message, practiceRace, raceUpdated, timedRace, timedRow } from './race-fixtures.ts';
import type { RaceView } from '../../shared/race/views.ts';

const CLUB_DAY = { event_id: 'club-day', name: 'Club day', date: null, classes: [], riders: [], decoders: [], auto_practice: { enabled: true, quiet_ms: 1_200_000 } };

const board = (races: RaceView[]): LiveState => reduceLive(emptyLiveState, message('snapshot', 'race', { event: CLUB_DAY, races, standings: [] }));

/** The phrase a board in `state` hears for `msg`, as the scoreboard feeds it. */
const hear = (state: LiveState, msg: LiveMessage) => phraseFor(state, msg, reduceLive(state, msg))?.text ?? null;

const moto12 = bmxRace({ race_id: 'm12', name: 'Moto 12', revision: 3 });

describe('announcer phrases', () => {
  test('announcer - a BMX gate drop says the moto and that the gate is down', () => {
    const running = { ...moto12, status: 'running' as const, revision: 4, rows: moto12.rows.map((r) => ({ ...r, status: 'riding' as const })) };
    expect(hear(board([moto12]), raceUpdated(running, { kind: 'gate', source: 'passing' }))).toBe('Moto 12, gate is down');
  });

  test('announcer - a finished moto reads the podium in place order with plates and names', () => {
    const rows = [
      bmxRow(1, { name: 'Ann Lee', plate: '14', status: 'finished', place: 1 }),
      bmxRow(2, { name: 'Bo Diaz', plate: '12', status: 'finished', place: 3 }),
      bmxRow(3, { name: 'Cy Ray', plate: null, status: 'finished', place: 2 }),
      bmxRow(4, { name: 'Di Fox', plate: '9', status: 'finished', place: 4 }),
      bmxRow(5, { name: 'Ed Kim', plate: '7', status: 'dns', place: null }),
    ];
    const finished = { ...moto12, status: 'finished' as const, revision: 9, rows };
    expect(hear(board([{ ...moto12, status: 'running', revision: 8 }]), raceUpdated(finished, { kind: 'finished' }))).toBe('Moto 12: first, plate 14, Ann Lee; second, Cy Ray; third, plate 12, Bo Diaz');
    // A rider crossing the line mid-moto is no finish of the moto.
    expect(hear(board([{ ...moto12, status: 'running', revision: 8 }]), raceUpdated({ ...finished, status: 'running' }, { kind: 'finish', rider_id: 'r1', place: 1, elapsed_ms: 31_000 }))).toBeNull();
    expect(hear(board([moto12]), raceUpdated({ ...moto12, status: 'finished', revision: 4, rows: [bmxRow(1, { status: 'dns' })] }, { kind: 'finished' }))).toBe('Moto 12 is over, no finishers');
  });

  test('announcer - a timed race announces its start, each new race best lap by car number, and the winner', () => {
    const staged = timedRace({ status: 'staged', revision: 1, rows: [timedRow(1, { plate: '7', best_lap_ms: null }), timedRow(2, { plate: '3', best_lap_ms: null })] });
    expect(hear(board([staged]), raceUpdated({ ...staged, status: 'running', revision: 2 }, { kind: 'started' }))).toBe('A Main has started');

    const before = timedRace({ revision: 5, rows: [timedRow(1, { plate: '7', best_lap_ms: 21_900 }), timedRow(2, { plate: '3', best_lap_ms: 22_400 })] });
    const lap = (rider: string, lapMs: number, rows: RaceView['rows']) => raceUpdated({ ...before, revision: 6, rows } as RaceView, { kind: 'lap', rider_id: rider, transponder: null, lap: 4, lap_ms: lapMs });
    expect(hear(board([before]), lap('d1', 21_345, [timedRow(1, { plate: '7', best_lap_ms: 21_345 }), timedRow(2, { plate: '3', best_lap_ms: 22_400 })]))).toBe('Car 7, best lap 21.3');
    // Car 3 improves on its own best but not on the race's: no news.
    expect(hear(board([before]), lap('d2', 22_000, [timedRow(1, { plate: '7', best_lap_ms: 21_900 }), timedRow(2, { plate: '3', best_lap_ms: 22_000 })]))).toBeNull();
    // Without a number the name is said; laps past a minute in minutes.
    expect(hear(board([before]), lap('d2', 20_050, [timedRow(1, { plate: '7', best_lap_ms: 21_900 }), timedRow(2, { plate: null, best_lap_ms: 20_050 })]))).toBe('Driver 2, best lap 20.0');
    expect(spokenLap(64_980)).toBe('1 minute 4.9');
    expect(spokenLap(125_000)).toBe('2 minutes 5.0');

    const done = timedRace({ status: 'finished', revision: 9, rows: [timedRow(1, { plate: '7', laps: 14, status: 'finished' }), timedRow(2, { plate: '3', laps: 13, status: 'finished' })] });
    expect(hear(board([before]), raceUpdated(done, { kind: 'finished' }))).toBe('A Main: winner, car 7, Driver 1, 14 laps');
  });

  test('announcer - practice says a new best lap of the session and nothing for slower laps', () => {
    const before = practiceRace({ revision: 4, stats: { total_laps: 6, drivers: 2, best: { transponder: 3001, name: 'Kai', lap_ms: 18_700, lap: 3, at_us: 1 } } });
    const lap = (transponder: number, best: { transponder: number; name: string; lap_ms: number }) =>
      raceUpdated(practiceRace({ revision: 5, stats: { total_laps: 7, drivers: 2, best: { ...best, lap: 4, at_us: 2 } } }), { kind: 'lap', rider_id: null, transponder, lap: 4, lap_ms: best.lap_ms });
    expect(hear(board([before]), lap(3002, { transponder: 3002, name: 'Mia', lap_ms: 18_240 }))).toBe('Session best, Mia, 18.2');
    expect(hear(board([before]), lap(3002, { transponder: 3001, name: 'Kai', lap_ms: 18_700 }))).toBeNull();
  });

  test('announcer - says nothing for snapshots, stale updates, another event, or before the first snapshot', () => {
    const gate = raceUpdated({ ...moto12, status: 'running', revision: 4 }, { kind: 'gate', source: 'intent' });
    const shown = board([moto12]);
    // A reconnect's snapshot carrying a finished moto is history, not news.
    const snapshot = message('snapshot', 'race', { event: CLUB_DAY, races: [{ ...moto12, status: 'finished', revision: 9 }], standings: [] });
    expect(hear(shown, snapshot)).toBeNull();
    // An update older than what the board holds (a coalesced or replayed one).
    expect(hear(board([{ ...moto12, status: 'finished', revision: 9 }]), gate)).toBeNull();
    // Another event's gate, on a board showing club day.
    expect(hear(shown, raceUpdated({ ...moto12, event_id: 'other-day', status: 'running', revision: 4 }, { kind: 'gate', source: 'intent' }))).toBeNull();
    // Events that reach a board still waiting for its snapshot.
    expect(hear({ ...emptyLiveState }, gate)).toBeNull();
    // The same gate on the board that shows the moto is news.
    expect(hear(shown, gate)).toBe('Moto 12, gate is down');
  });
});

const headline = (text: string) => ({ text, priority: 'headline' as const });
const chatter = (text: string) => ({ text, priority: 'chatter' as const });

/** Runs the queue from 0 to `until` ms in 250 ms ticks, with phrases offered at given times; returns what was said when. */
function run(offers: [number, Phrase][], until: number, start: SpeechQueue = emptyQueue): [number, string][] {
  let queue = start;
  const said: [number, string][] = [];
  for (let now = 0; now <= until; now += 250) {
    for (const [at, phrase] of offers) if (at === now) queue = offer(queue, phrase, now);
    const next = take(queue, now);
    queue = next.queue;
    if (next.say !== null) said.push([now, next.say]);
  }
  return said;
}

describe('announcer queue', () => {
  test('announcer - speaks at most once every few seconds and the newest waiting phrase wins', () => {
    const said = run([[0, chatter('Car 7, best lap 21.3')], [500, chatter('Car 3, best lap 21.1')], [1000, chatter('Car 5, best lap 20.9')], [1500, chatter('Car 7, best lap 20.8')]], 20_000);
    expect(said).toEqual([[0, 'Car 7, best lap 21.3'], [GAP_MS, 'Car 7, best lap 20.8']]);
  });

  test('announcer - chatter never pushes out a waiting headline, and a long phrase holds the voice until it is read', () => {
    const podium = headline('Moto 12: first, plate 14, Ann Lee; second, plate 3, Cy Ray; third, plate 12, Bo Diaz');
    const said = run([[0, podium], [250, headline('Moto 13, gate is down')], [500, chatter('Car 7, best lap 21.3')]], 20_000);
    expect(said[0]).toEqual([0, podium.text]);
    expect(said[1]![1]).toBe('Moto 13, gate is down');
    expect(said[1]![0]).toBeGreaterThan(GAP_MS);
    expect(said).toHaveLength(2);
  });

  test('announcer - a phrase that waited too long is dropped, never read out late', () => {
    // The test phrase just started: a best lap offered behind it goes stale if the voice stays busy.
    const busy = spoken(emptyQueue, 'x'.repeat(200), 0);
    const said = run([[250, chatter('Car 7, best lap 21.3')]], 30_000, busy);
    expect(said).toEqual([]);
    expect(STALE_MS.chatter).toBeLessThan(200 * 70);
    // A headline waits longer than chatter before it is old news.
    expect(run([[250, headline('A Main has started')]], 30_000, busy)).toEqual([[14_000, 'A Main has started']]);
  });
});
