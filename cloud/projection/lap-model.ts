/**
 * @module Box-timed races in the one lap model (shared/contracts/lap-model.ts), from the race engine's
 * `event.updated` and `race.updated` events. Pure, like the other read models: a view of a revision the
 * record already holds changes nothing, so replaying the stream gives the same records. Results are the
 * engine's own rows (its LiveRC figures); laps follow the lap, rejected and stray-read changes while a
 * race runs, and are replaced by the engine's own count when it finishes, is rescored or corrected.
 */
import type { DriverLaps, Lap, LapEvent, LapRace, LapResult } from '../../shared/contracts/lap-model.ts';
import type { CountedLaps, DerivedPayloads, EventView, TimedRaceView } from '../../shared/race/index.ts';

/** `lapmodel.<track>.race.<event>.<race>`: what the read side joins with its event (lap-model-read.ts). */
export interface BoxLapRace {
  track_id: string;
  /** The race view's revision this record was made from. */
  revision: number;
  race: LapRace;
  results: LapResult[];
  laps: DriverLaps[];
}

const iso = (us: number | null) => (us === null ? null : new Date(us / 1000).toISOString());

/** The event's record: its set-up's name and date, else the day its first race started. */
export function lapEventOf(trackId: string, eventId: string, view: EventView | null, old: LapEvent | undefined, startedAtUs: number | null): LapEvent {
  const day = view?.date ?? old?.date_start ?? iso(startedAtUs)?.slice(0, 10) ?? null;
  return { source: 'box', track_id: trackId, event_id: eventId, name: view?.name ?? old?.name ?? eventId, date_start: day, date_end: day };
}

const resultOf = (row: TimedRaceView['rows'][number]): LapResult => ({
  driver_key: row.rider_id,
  driver_name: row.name,
  position: row.position,
  laps: row.laps,
  total_time_ms: row.total_ms,
  best_lap_ms: row.best_lap_ms,
  best_lap_number: row.best_lap_number,
  avg_lap_ms: row.avg_lap_ms,
  consistency_pct: row.consistency_pct,
});

const notALap = (lapMs: number, flag: 'rejected' | 'set_aside'): Lap => ({ lap: 0, lap_ms: lapMs, position: null, flags: [flag] });

/** The engine's own count of one driver's laps. */
export function lapsOf(counted: CountedLaps): Lap[] {
  const flagged = (n: number) => [...(counted.suspect.includes(n) ? (['suspect'] as const) : []), ...(counted.confirmed.includes(n) ? (['confirmed'] as const) : [])];
  return [
    ...counted.lap_ms.map((lapMs, i) => ({ lap: i + 1, lap_ms: lapMs, position: null, flags: flagged(i + 1) })),
    ...counted.rejected_ms.map((lapMs) => notALap(lapMs, 'rejected')),
    ...counted.set_aside_ms.map((lapMs) => notALap(lapMs, 'set_aside')),
  ];
}

/** Counted laps by number, then the crossings that are no lap in the order they came. */
function withEntry(laps: readonly Lap[], entry: Lap): Lap[] {
  if (entry.lap === 0) return [...laps, entry];
  const counted = laps.filter((l) => l.lap > 0 && l.lap !== entry.lap);
  return [...[...counted, entry].sort((a, b) => a.lap - b.lap), ...laps.filter((l) => l.lap === 0)];
}

function nextLaps(old: readonly DriverLaps[], update: DerivedPayloads['race.updated'], order: readonly string[]): DriverLaps[] {
  const byDriver = new Map(update.laps ? Object.entries(update.laps).map(([key, counted]) => [key, lapsOf(counted)]) : old.map((d) => [d.driver_key, d.laps]));
  const { change } = update;
  if (!update.laps && (change.kind === 'lap' || change.kind === 'rejected' || change.kind === 'suspect_short')) {
    const key = change.rider_id ?? `t${change.transponder}`;
    // A staggered start's first crossing is lap 0: the driver's clock starts, nothing is lapped.
    const entry = change.kind === 'lap' ? (change.lap > 0 ? { lap: change.lap, lap_ms: change.lap_ms, position: null, flags: [] } : null) : notALap(change.lap_ms, change.kind === 'rejected' ? 'rejected' : 'set_aside');
    if (entry) byDriver.set(key, withEntry(byDriver.get(key) ?? [], entry));
  }
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return [...byDriver].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1)).map(([driver_key, laps]) => ({ driver_key, laps }));
}

/** The race's record after one update; `old` itself when the update brings nothing new. */
export function nextLapRace(old: BoxLapRace | undefined, trackId: string, update: DerivedPayloads['race.updated'], view: EventView | null): BoxLapRace | undefined {
  const race = update.race;
  if (race.format !== 'timed' || (old && old.revision >= race.revision)) return old;
  // A staged race has run no lap yet; it enters the model at its start.
  if (race.status === 'staged' && !old) return old;
  const reset = race.status === 'reset';
  return {
    track_id: trackId,
    revision: race.revision,
    race: {
      source: 'box',
      event_id: race.event_id,
      race_id: race.race_id,
      class_name: view?.classes.find((c) => c.class_id === race.class_id)?.name ?? race.class_id,
      name: race.name,
      round: race.round === null ? null : String(race.round),
      format: 'timed',
      status: reset ? 'reset' : race.status === 'finished' ? 'finished' : 'running',
      started_at: iso(race.started_at_us),
      completed_at: race.status === 'finished' ? iso(race.finished_at_us) : null,
      duration_s: race.settings.duration_ms / 1000,
    },
    results: reset ? [] : race.rows.map(resultOf),
    laps: reset ? [] : nextLaps(old?.laps ?? [], update, race.rows.map((r) => r.rider_id)),
  };
}
