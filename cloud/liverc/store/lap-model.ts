/**
 * @module Imported LiveRC races in the one lap model (shared/contracts/lap-model.ts), the shape box-timed
 * races take too. The store's records stay as they are (the API's JSON does not change); this reads them
 * into the model: seconds as LiveRC prints them become whole ms, the result's figures are LiveRC's own.
 */
import { lapModelRace, secondsToMs, type DriverLaps, type LapEvent, type LapModelRace, type LapResult } from '../../../shared/contracts/lap-model.ts';
import type { DriverRecord, EventRecord, LapsRecord, RaceRecord, RaceResultRecord } from './records.ts';
import type { LiveRcStore } from './store.ts';

export const liveRcLapEvent = (event: EventRecord): LapEvent => ({
  source: 'liverc',
  track_id: event.track_slug,
  event_id: event.source_event_id,
  name: event.name,
  date_start: event.date_start,
  date_end: event.date_end,
});

const resultOf = (r: RaceResultRecord, driverName: string): LapResult => ({
  driver_key: r.driver_key,
  driver_name: driverName,
  position: r.position,
  laps: r.laps,
  total_time_ms: secondsToMs(r.total_time_seconds),
  best_lap_ms: secondsToMs(r.fast_lap_seconds),
  best_lap_number: r.fast_lap_number,
  avg_lap_ms: secondsToMs(r.avg_lap_seconds),
  consistency_pct: r.consistency_pct,
});

const lapsOf = (record: LapsRecord): DriverLaps => ({
  driver_key: record.driver_key,
  laps: record.laps.map((l) => ({ lap: l.lap, lap_ms: secondsToMs(l.seconds)!, position: l.position, flags: [] })),
});

/** One imported race from its records; `names` by driver key (a driver with no record shows by key). */
export function liveRcLapRace(event: EventRecord, race: RaceRecord, results: readonly RaceResultRecord[], laps: readonly LapsRecord[], names: ReadonlyMap<string, string>): LapModelRace {
  const ordered = [...results].sort((a, b) => a.position - b.position);
  const rank = new Map(ordered.map((r, i) => [r.driver_key, i]));
  const byRank = (key: string) => rank.get(key) ?? ordered.length;
  return lapModelRace({
    event: liveRcLapEvent(event),
    race: {
      source: 'liverc',
      event_id: race.event_id,
      race_id: race.source_race_id,
      class_name: race.class_name,
      name: race.label,
      round: race.round,
      format: 'timed',
      status: 'finished',
      started_at: null,
      completed_at: race.completed_at,
      duration_s: race.length_seconds,
    },
    results: ordered.map((r) => resultOf(r, names.get(r.driver_key) ?? r.driver_key)),
    laps: [...laps].sort((a, b) => byRank(a.driver_key) - byRank(b.driver_key) || (a.driver_key < b.driver_key ? -1 : 1)).map(lapsOf),
  });
}

/** An imported race read from the store into the lap model; null when it has not been imported. */
export async function readLiveRcLapRace(store: LiveRcStore, raceId: string): Promise<LapModelRace | null> {
  const [raceKey] = await store.keys('races', `*.${raceId}`);
  const race = raceKey ? await store.get<RaceRecord>('races', raceKey) : null;
  const event = race ? await store.get<EventRecord>('events', race.event_id) : null;
  if (!race || !event) return null;
  const results = await store.values<RaceResultRecord>('results', `${raceId}.*`);
  const laps = await store.values<LapsRecord>('laps', `${raceId}.*`);
  const names = new Map<string, string>();
  for (const key of new Set([...results, ...laps].map((r) => r.driver_key))) {
    const driver = await store.get<DriverRecord>('drivers', key);
    if (driver) names.set(key, driver.display_name);
  }
  return liveRcLapRace(event, race, results, laps, names);
}
