/** @module Event standings per class: BMX moto points totalled (lowest wins, last moto breaks ties); timed races by each driver's best result; a meeting's mains left out of both. */
import { formatLapsTime } from './format.ts';
import { raceView } from './race-views.ts';
import type { EngineState, RaceState } from './state.ts';
import type { BestLap, BmxRow, Standings, StandingRow, TimedRow } from './views.ts';

/**
 * Races a meeting ran after its qualifying (BMX stages and mains, RC mains). Standings rank the
 * qualifying (docs/race-engine.md): BMX moto points totalled, RC each driver's best heat. A main's
 * places are the class's result on their own; counted as a moto they would add its finishers'
 * points twice, counted as a heat a longer main would outrank every qualifying round.
 */
function meetingMains(state: EngineState, eventId: string): Set<string> {
  const meeting = state.meetings[eventId];
  if (!meeting) return new Set();
  const qualifying = new Set([...(meeting.sheet?.motos.map((m) => m.race_id) ?? []), ...meeting.heats.map((h) => h.race_id)]);
  return new Set(Object.entries(meeting.runs).flatMap(([planned, run]) => (qualifying.has(planned) ? [] : [run])));
}

function finishedRaces(state: EngineState, eventId: string, classId: string | null, format: 'bmx' | 'timed'): RaceState[] {
  const mains = meetingMains(state, eventId);
  return state.race_order.map((id) => state.races[id]!).filter((r) => r.event_id === eventId && r.class_id === classId && r.format === format && r.status === 'finished' && !mains.has(r.race_id));
}

const bmxText = (row: BmxRow) => (row.place !== null ? String(row.place) : row.status.toUpperCase());

function bmxStandings(races: RaceState[]): StandingRow[] {
  const rows = new Map<string, StandingRow & { last: number }>();
  for (const race of races) {
    const view = raceView(race);
    if (view.format !== 'bmx') continue;
    for (const r of view.rows) {
      const row = rows.get(r.rider_id) ?? { position: 0, rider_id: r.rider_id, name: r.name, plate: r.plate, results: [], total_points: 0, best_text: '', best_lap: null, last: 0 };
      row.results.push({ race_id: race.race_id, points: r.points, result_text: bmxText(r) });
      row.total_points! += r.points ?? 0;
      row.last = r.points ?? 0;
      rows.set(r.rider_id, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.total_points! - b.total_points! || a.last - b.last || (a.rider_id < b.rider_id ? -1 : 1));
  return sorted.map(({ last: _last, ...row }, i) => ({ ...row, position: i + 1, best_text: String(row.total_points) }));
}

/** The faster of a best lap so far and this race's; the earlier race keeps a tie. */
function fasterLap(best: BestLap | null, raceId: string, r: TimedRow): BestLap | null {
  if (r.best_lap_ms === null || r.best_lap_number === null || r.best_lap_at_us === null) return best;
  if (best !== null && best.lap_ms <= r.best_lap_ms) return best;
  return { race_id: raceId, lap: r.best_lap_number, lap_ms: r.best_lap_ms, at_us: r.best_lap_at_us };
}

function timedStandings(races: RaceState[]): StandingRow[] {
  const rows = new Map<string, StandingRow & { best: TimedRow | null }>();
  for (const race of races) {
    const view = raceView(race);
    if (view.format !== 'timed') continue;
    for (const r of view.rows) {
      const row = rows.get(r.rider_id) ?? { position: 0, rider_id: r.rider_id, name: r.name, plate: r.plate, results: [], total_points: null, best_text: '', best_lap: null, best: null };
      row.results.push({ race_id: race.race_id, points: null, result_text: r.result_text });
      row.best_lap = fasterLap(row.best_lap, race.race_id, r);
      const better = !row.best || r.laps > row.best.laps || (r.laps === row.best.laps && (r.total_ms ?? Infinity) < (row.best.total_ms ?? Infinity));
      if (better) row.best = r;
      rows.set(r.rider_id, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => b.best!.laps - a.best!.laps || (a.best!.total_ms ?? Infinity) - (b.best!.total_ms ?? Infinity) || (a.rider_id < b.rider_id ? -1 : 1));
  return sorted.map(({ best, ...row }, i) => ({ ...row, position: i + 1, best_text: formatLapsTime(best!.laps, best!.total_ms) }));
}

export function standingsFor(state: EngineState, eventId: string, classId: string | null, format: 'bmx' | 'timed'): Standings {
  const races = finishedRaces(state, eventId, classId, format);
  return { event_id: eventId, class_id: classId, format, rows: format === 'bmx' ? bmxStandings(races) : timedStandings(races) };
}

/** Every class of the event that has finished BMX or timed races, in the order races were staged. */
export function eventStandings(state: EngineState, eventId: string, classId?: string | null): Standings[] {
  const seen = new Set<string>();
  const out: Standings[] = [];
  for (const id of state.race_order) {
    const race = state.races[id]!;
    if (race.event_id !== eventId || race.format === 'practice' || race.status !== 'finished') continue;
    if (classId !== undefined && race.class_id !== classId) continue;
    const key = `${race.class_id}|${race.format}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(standingsFor(state, eventId, race.class_id, race.format));
  }
  return out;
}
