/** @module A meeting's results read off the engine's races: the race run for each planned one, BMX moto rows, and RC qualifying rounds. */
import { raceDetail } from '../race-detail.ts';
import { raceView } from '../race-views.ts';
import type { EngineState, RaceState } from '../state.ts';
import type { MotoResult } from '../meeting/moto-results.ts';
import { qualifierRow, type QualifyingRound } from '../meeting/rc-results.ts';
import type { MeetingState } from './types.ts';

/** The race run for a planned one, unless it was reset (then it waits to be run again). */
export function runOf(state: EngineState, meeting: MeetingState, plannedId: string): RaceState | null {
  const id = meeting.runs[plannedId];
  const race = id === undefined ? undefined : state.races[id];
  return race && race.status !== 'reset' ? race : null;
}

export function finishedRun(state: EngineState, meeting: MeetingState, plannedId: string): RaceState | null {
  const race = runOf(state, meeting, plannedId);
  return race?.status === 'finished' ? race : null;
}

/** Finished BMX races by planned id, as the meeting formats read them. */
export function bmxResults(state: EngineState, meeting: MeetingState): Map<string, MotoResult> {
  const out = new Map<string, MotoResult>();
  for (const plannedId of Object.keys(meeting.runs)) {
    const race = finishedRun(state, meeting, plannedId);
    const view = race ? raceView(race) : null;
    if (view?.format === 'bmx') out.set(plannedId, { race_id: plannedId, rows: view.rows });
  }
  return out;
}

/** A finished timed race's drivers in finishing order. */
export function timedOrder(race: RaceState): string[] {
  const view = raceView(race);
  return view.format === 'timed' ? view.rows.map((r) => r.rider_id) : [];
}

/** A class's qualifying rounds from its finished heats: every heat of a round together. */
export function qualifyingRounds(state: EngineState, meeting: MeetingState, classId: string): QualifyingRound[] {
  const rounds = new Map<number, QualifyingRound>();
  for (const heat of meeting.heats) {
    if (heat.class_id !== classId) continue;
    const race = finishedRun(state, meeting, heat.race_id);
    if (!race) continue;
    const detail = raceDetail(race);
    if (detail.race.format !== 'timed') continue;
    const round = rounds.get(heat.round) ?? { round: heat.round, rows: [] };
    for (const row of detail.race.rows) round.rows.push(qualifierRow(row, detail.laps[row.rider_id]));
    rounds.set(heat.round, round);
  }
  return [...rounds.values()];
}
