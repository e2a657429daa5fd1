/** @module What a corrected result would change in mains already confirmed: riders in, out, moved to another race, or given another lane. */
import type { ProposedRace } from './bmx-stage.ts';

export type MainsChange =
  | { kind: 'in'; rider_id: string; race_id: string; lane: number }
  | { kind: 'out'; rider_id: string; race_id: string; lane: number }
  | { kind: 'moved'; rider_id: string; from_race_id: string; to_race_id: string; from_lane: number; to_lane: number }
  | { kind: 'lane'; rider_id: string; race_id: string; from_lane: number; to_lane: number };

interface Seat {
  race_id: string;
  lane: number;
}

function seats(races: readonly { race_id: string; lineup: readonly { lane: number; rider_id: string }[] }[]): Map<string, Seat> {
  const out = new Map<string, Seat>();
  for (const race of races) for (const slot of race.lineup) out.set(slot.rider_id, { race_id: race.race_id, lane: slot.lane });
  return out;
}

/**
 * Compares the races race control confirmed with a fresh proposal from the corrected results.
 * Empty when nothing would change; otherwise one line per rider, in rider id order, for the
 * warning on race control (the confirmed races stay as they are until staff act).
 */
export function mainsChanges(confirmed: readonly Pick<ProposedRace, 'race_id' | 'lineup'>[], proposed: readonly Pick<ProposedRace, 'race_id' | 'lineup'>[]): MainsChange[] {
  const before = seats(confirmed);
  const after = seats(proposed);
  const riders = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: MainsChange[] = [];
  for (const rider_id of riders) {
    const was = before.get(rider_id);
    const now = after.get(rider_id);
    if (was && !now) changes.push({ kind: 'out', rider_id, race_id: was.race_id, lane: was.lane });
    else if (!was && now) changes.push({ kind: 'in', rider_id, race_id: now.race_id, lane: now.lane });
    else if (was && now && was.race_id !== now.race_id) changes.push({ kind: 'moved', rider_id, from_race_id: was.race_id, to_race_id: now.race_id, from_lane: was.lane, to_lane: now.lane });
    else if (was && now && was.lane !== now.lane) changes.push({ kind: 'lane', rider_id, race_id: now.race_id, from_lane: was.lane, to_lane: now.lane });
  }
  return changes;
}
