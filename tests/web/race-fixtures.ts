/** @module Race views shaped exactly like the engine's, for the web apps' pure-function tests. */
import type { BmxRaceView, BmxRow, DerivedEvent, PracticeRaceView, RaceView, TimedRaceView, TimedRow } from '../../shared/race/views.ts';
import type { LiveMessage } from '../../shared/contracts/live.ts';

const T0 = 1_750_000_000_000_000;

export function bmxRow(lane: number, patch: Partial<BmxRow> = {}): BmxRow {
  return { lane, rider_id: `r${lane}`, name: `Rider ${lane}`, plate: String(10 + lane), transponder: 1000 + lane, status: 'staged', place: null, elapsed_ms: null, gap_ms: null, points: null, ...patch };
}

export function bmxRace(patch: Partial<BmxRaceView> = {}): BmxRaceView {
  return {
    race_id: 'm1',
    event_id: 'club-day',
    class_id: 'boys-13',
    name: 'Moto 1',
    round: 1,
    status: 'staged',
    staged_at_us: T0,
    started_at_us: null,
    finished_at_us: null,
    finish_reason: null,
    corrections: [],
    revision: 1,
    format: 'bmx',
    gate: null,
    settings: { min_time_ms: 10_000, max_time_ms: 180_000 },
    rows: [bmxRow(3), bmxRow(1), bmxRow(2)],
    ...patch,
  };
}

export function timedRow(position: number, patch: Partial<TimedRow> = {}): TimedRow {
  return {
    position,
    rider_id: `d${position}`,
    name: `Driver ${position}`,
    plate: null,
    transponder: 2000 + position,
    status: 'racing',
    laps: 3,
    total_ms: 60_000 + position * 1000,
    result_text: `3/1:0${position}.000`,
    last_lap_ms: 20_000,
    best_lap_ms: 19_500,
    best_lap_number: 2,
    best_lap_at_us: 1_700_000_040_000_000,
    avg_lap_ms: 20_000,
    consistency_pct: 97,
    behind_laps: position === 1 ? null : 0,
    behind_ms: position === 1 ? null : 1000,
    behind_text: position === 1 ? '' : '1.000',
    rejected_laps: 0,
    ...patch,
  };
}

export function timedRace(patch: Partial<TimedRaceView> = {}): TimedRaceView {
  return {
    race_id: 'a-main',
    event_id: 'club-day',
    class_id: null,
    name: 'A Main',
    round: null,
    status: 'running',
    staged_at_us: T0,
    started_at_us: T0 + 10_000_000,
    finished_at_us: null,
    finish_reason: null,
    corrections: [],
    revision: 5,
    format: 'timed',
    settings: { duration_ms: 300_000, min_lap_ms: 5000, overtime_ms: 60_000, start_mode: 'staggered' },
    ends_at_us: T0 + 310_000_000,
    rows: [timedRow(1), timedRow(2)],
    ...patch,
  };
}

export function practiceRace(patch: Partial<PracticeRaceView> = {}): PracticeRaceView {
  return {
    race_id: 'p1',
    event_id: 'club-day',
    class_id: null,
    name: 'Open practice',
    round: null,
    status: 'running',
    staged_at_us: T0,
    started_at_us: T0,
    finished_at_us: null,
    finish_reason: null,
    corrections: [],
    revision: 2,
    format: 'practice',
    settings: { min_lap_ms: 5000 },
    rows: [],
    stats: { total_laps: 0, drivers: 0, best: null },
    ...patch,
  };
}

let seq = 0;

/** A live message as the box sends it. */
export function message(kind: LiveMessage['kind'], channel: LiveMessage['channel'], payload: object): LiveMessage {
  return { kind, channel, track_id: 'local-track', event_id: null, seq: seq++, ts_us: T0, payload } as LiveMessage;
}

/** A `race.updated` event as the race channel carries it. */
export function raceUpdated(race: RaceView, change: Extract<DerivedEvent, { type: 'race.updated' }>['payload']['change'] = { kind: 'rescored' }): LiveMessage {
  const event: DerivedEvent = { id: `e${seq}`, type: 'race.updated', event_id: race.event_id, race_id: race.race_id, at_us: T0, payload: { race, change } };
  return message('event', 'race', event);
}
