/** @module What the overlay shows: which race (pinned by id, else the one on track, else the latest result) and its running order as short tower rows. */
import { bmxPlaceLabel, bmxRows } from '../shared/board-order.ts';
import { formatRaceTime } from '../shared/format.ts';
import { activeRaces, finishedRaces } from '../shared/live-state.ts';
import type { RaceView } from '../shared/live-types.ts';

export interface TowerRow {
  key: string;
  /** Place, lane (`L3`) or `DNF`/`DNS`. */
  place: string;
  plate: string | null;
  name: string;
  /** The one figure a viewer reads: finish time, laps/time or gap, best lap in practice. */
  figure: string;
  /** The row that changed last, for a short highlight. */
  finished: boolean;
}

/** A pinned race when the feed has it; else running, then staged, then the latest finished. */
export function pickRace(races: RaceView[], pinned: string | null): RaceView | null {
  if (pinned) return races.find((r) => r.race_id === pinned) ?? null;
  return activeRaces(races)[0] ?? finishedRaces(races)[0] ?? null;
}

function timedFigure(row: Extract<RaceView, { format: 'timed' }>['rows'][number], leader: boolean): string {
  if (row.status === 'dns' || row.status === 'waiting') return row.status === 'dns' ? 'DNS' : '';
  // The leader shows laps and time; everyone else the gap to the car ahead, as the results print it.
  return leader || !row.behind_text ? row.result_text : `+${row.behind_text}`;
}

export function towerRows(race: RaceView, max: number): TowerRow[] {
  switch (race.format) {
    case 'bmx':
      return bmxRows(race)
        .slice(0, max)
        .map((row) => ({
          key: row.rider_id,
          place: bmxPlaceLabel(row),
          plate: row.plate,
          name: row.name,
          figure: row.elapsed_ms !== null ? formatRaceTime(row.elapsed_ms) : '',
          finished: row.status === 'finished',
        }));
    case 'timed':
      return race.rows.slice(0, max).map((row, i) => ({
        key: row.rider_id,
        place: row.status === 'dns' ? 'DNS' : String(row.position),
        plate: row.plate,
        name: row.name,
        figure: timedFigure(row, i === 0),
        finished: row.status === 'finished',
      }));
    case 'practice':
      return race.rows.slice(0, max).map((row) => ({
        key: String(row.transponder),
        place: String(row.position),
        plate: row.plate,
        name: row.name,
        figure: row.best_lap_ms !== null ? formatRaceTime(row.best_lap_ms) : '',
        finished: false,
      }));
  }
}

/** `?race=<id>` pins one race; `?rows=N` (1–30, default 10) caps the tower. */
export function overlayOptions(search: string): { race: string | null; rows: number } {
  const params = new URLSearchParams(search);
  const rows = Number(params.get('rows'));
  return { race: params.get('race') || null, rows: Number.isInteger(rows) && rows >= 1 && rows <= 30 ? rows : 10 };
}
