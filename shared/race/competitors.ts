/** @module Who is racing: competitors built from a race's lineup and its event's riders, and which competitor a crossing belongs to. */
import type { EventView } from './views.ts';
import type { Competitor, Crossing, RaceState } from './state.ts';

export function newCompetitor(key: string, fields: Pick<Competitor, 'rider_id' | 'name' | 'plate' | 'lane' | 'transponders'>): Competitor {
  return { key, ...fields, start_us: null, last_us: null, laps: [], rejected: [], dropped_rejects: 0, short_laps: [], best_us: null, best_lap: null, sum_us: 0, seen: false, finish_us: null, finished: false };
}

/** Double reads of a competitor: those kept with their times, and those only counted. */
export const rejectedCount = (c: Competitor): number => c.rejected.length + (c.dropped_rejects ?? 0);

/** Competitors for a race from its lineup, with names, plates and transponders from the event as it is now. */
export function lineupCompetitors(race: RaceState, event: EventView | undefined): Competitor[] {
  return race.lineup.map((entry) => {
    const rider = event?.riders.find((r) => r.rider_id === entry.rider_id);
    return newCompetitor(entry.rider_id, {
      rider_id: entry.rider_id,
      name: rider?.name ?? entry.rider_id,
      plate: rider?.plate ?? null,
      lane: entry.lane,
      transponders: entry.transponder !== null ? [entry.transponder] : [...(rider?.transponders ?? [])],
    });
  });
}

/**
 * Rows an open practice board gives transponders it has not seen. A club's busiest practice runs
 * a few dozen cars; a decoder reading a stray field of tags (or a hostile stream) would otherwise
 * grow the board, and every crossing's copy of it sent to each phone, without bound.
 */
export const MAX_PRACTICE_ROWS = 250;

/** The competitor a crossing belongs to; practice with an open lineup adds one per new transponder or manually added rider. */
export function competitorFor(race: RaceState, crossing: Crossing, event: EventView | undefined): Competitor | undefined {
  if (crossing.rider_id !== null) return race.competitors.find((c) => c.rider_id === crossing.rider_id) ?? addPracticeRider(race, crossing.rider_id, event);
  const transponder = crossing.transponder;
  if (transponder === null) return undefined;
  const found = race.competitors.find((c) => c.transponders.includes(transponder));
  if (found || race.format !== 'practice' || race.lineup.length > 0) return found;
  if (race.competitors.length >= MAX_PRACTICE_ROWS) {
    // Kept in the log and in the race's crossings; counted on the board, not given a row.
    race.off_board = (race.off_board ?? 0) + 1;
    return undefined;
  }
  const rider = event?.riders.find((r) => r.transponders.includes(transponder));
  const added = newCompetitor(`t${transponder}`, { rider_id: rider?.rider_id ?? null, name: rider?.name ?? `#${transponder}`, plate: rider?.plate ?? null, lane: null, transponders: [transponder] });
  race.competitors.push(added);
  return added;
}

/** A rider staff added a crossing for before their transponder was read: the row their transponder will join. */
function addPracticeRider(race: RaceState, riderId: string, event: EventView | undefined): Competitor | undefined {
  if (race.format !== 'practice' || race.lineup.length > 0) return undefined;
  const rider = event?.riders.find((r) => r.rider_id === riderId);
  if (!rider) return undefined;
  const first = rider.transponders[0];
  const added = newCompetitor(first !== undefined ? `t${first}` : riderId, { rider_id: riderId, name: rider.name, plate: rider.plate, lane: null, transponders: [...rider.transponders] });
  race.competitors.push(added);
  return added;
}

/** Whether this race would score the transponder (used to decide which running race claims a crossing). */
export function racesTransponder(race: RaceState, transponder: number): boolean {
  if (race.format === 'practice' && race.lineup.length === 0) return true;
  return race.competitors.some((c) => c.transponders.includes(transponder));
}
