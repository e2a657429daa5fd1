/**
 * @module A driver's history, one row per event they raced: the event, their figures over its races
 * (total laps, best lap, laps-weighted average lap and consistency) and each race's own figures.
 * Rows are kept per source (`box`, `liverc`) and driver key in the cloud's read models
 * (`history.<source>.<driver>.<track>.<event>`), written as races land, so a history is read
 * with one key listing; the portal's "my driver" and coaching answers read them.
 */
import type { LapEvent, LapModelRace } from './lap-model.ts';
import { TOKEN_PATTERN } from './tokens.ts';

export interface HistoryRace {
  race_id: string;
  name: string;
  class_name: string | null;
  round: string | null;
  laps: number;
  best_lap_ms: number | null;
  avg_lap_ms: number | null;
  consistency_pct: number | null;
}

export interface HistoryRow {
  source: LapEvent['source'];
  track_id: string;
  track_name: string;
  event_id: string;
  event_name: string;
  date_start: string | null;
  driver_key: string;
  driver_name: string;
  laps: number;
  best_lap_ms: number | null;
  avg_lap_ms: number | null;
  consistency_pct: number | null;
  races: HistoryRace[];
}

/** The row's key, or null when an id cannot be a key (the row is then not kept). */
export function historyKey(source: string, driverKey: string, trackId: string, eventId: string): string | null {
  return [source, driverKey, trackId, eventId].every((part) => TOKEN_PATTERN.test(part)) ? `history.${source}.${driverKey}.${trackId}.${eventId}` : null;
}

/** Every row of one driver (`kv` subject filter), or of one driver at one track. */
export const historyFilter = (source: string, driverKey: string, trackId?: string) => `history.${source}.${driverKey}.${trackId ?? '*'}.*`;

/**
 * A box rider's transponder, kept as a key of its own (`riders.box.<transponder>.<track>.<rider>`, value
 * empty) when a race of theirs finishes, so a member's transponders find their box riders with one listing.
 */
export function boxRiderKey(transponder: number | string, trackId: string, riderId: string): string | null {
  return /^\d{1,12}$/.test(String(transponder)) && TOKEN_PATTERN.test(trackId) && TOKEN_PATTERN.test(riderId) ? `riders.box.${transponder}.${trackId}.${riderId}` : null;
}

/** The box riders that carried one transponder, at any track. */
export const boxRiderFilter = (transponder: string) => `riders.box.${transponder}.*.*`;

/** History rows newest event first (then by event id, so one day's events keep one order). */
export const newestFirst = (a: HistoryRow, b: HistoryRow): number => (b.date_start ?? '').localeCompare(a.date_start ?? '') || b.event_id.localeCompare(a.event_id);

/** Laps-weighted mean of a figure over the races that have it. */
function weighted(races: readonly HistoryRace[], figure: (r: HistoryRace) => number | null, digits: number): number | null {
  let sum = 0;
  let laps = 0;
  for (const r of races) {
    const v = figure(r);
    if (v === null || r.laps <= 0) continue;
    sum += v * r.laps;
    laps += r.laps;
  }
  if (laps === 0) return null;
  const scale = 10 ** digits;
  return Math.round((sum / laps) * scale) / scale;
}

/**
 * The driver's row after one race of the event landed (or changed): that race's entry replaced,
 * the event's figures worked out again. A race the driver ran no lap in is left out.
 */
export function nextHistoryRow(old: HistoryRow | undefined, race: Pick<LapModelRace, 'event' | 'race' | 'results'>, driverKey: string, trackName: string): HistoryRow | undefined {
  const result = race.results.find((r) => r.driver_key === driverKey);
  const others = (old?.races ?? []).filter((r) => r.race_id !== race.race.race_id);
  const entry: HistoryRace | null =
    result && result.laps > 0
      ? { race_id: race.race.race_id, name: race.race.name, class_name: race.race.class_name, round: race.race.round, laps: result.laps, best_lap_ms: result.best_lap_ms, avg_lap_ms: result.avg_lap_ms, consistency_pct: result.consistency_pct }
      : null;
  const races = entry ? [...others, entry] : others;
  if (races.length === 0) return undefined;
  const bests = races.map((r) => r.best_lap_ms).filter((v): v is number => v !== null);
  return {
    source: race.event.source,
    track_id: race.event.track_id,
    track_name: trackName,
    event_id: race.event.event_id,
    event_name: race.event.name,
    date_start: race.event.date_start,
    driver_key: driverKey,
    driver_name: result?.driver_name ?? old?.driver_name ?? driverKey,
    laps: races.reduce((n, r) => n + r.laps, 0),
    best_lap_ms: bests.length ? Math.min(...bests) : null,
    avg_lap_ms: weighted(races, (r) => r.avg_lap_ms, 0),
    consistency_pct: weighted(races, (r) => r.consistency_pct, 2),
    races,
  };
}
