/** @module A meeting's results read off the engine's races: the race run for each planned one, BMX moto rows, and RC qualifying rounds. */
import { raceDetail } from '../race-detail.ts';
import { raceView } from '../race-views.ts';
import type { EngineState, RaceState } from '../state.ts';
import type { RaceDetail } from '../views.ts';
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

/**
 * What a finished race gives the meeting, kept outside the state by race revision (every change of a
 * race bumps it): a meeting view reads every finished race again after each change of any one.
 */
const readings = new WeakMap<RaceState, { revision: number; rows: MotoResult['rows']; order: string[]; detail: RaceDetail | null }>();

function reading(race: RaceState) {
  const known = readings.get(race);
  if (known?.revision === race.revision) return known;
  const view = raceView(race);
  const fresh = { revision: race.revision, rows: view.format === 'bmx' ? view.rows : [], order: view.format === 'timed' ? view.rows.map((r) => r.rider_id) : [], detail: view.format === 'timed' ? raceDetail(race) : null };
  readings.set(race, fresh);
  return fresh;
}

/** Finished BMX races by planned id, as the meeting formats read them. */
export function bmxResults(state: EngineState, meeting: MeetingState): Map<string, MotoResult> {
  const out = new Map<string, MotoResult>();
  for (const plannedId of Object.keys(meeting.runs)) {
    const race = finishedRun(state, meeting, plannedId);
    if (race?.format === 'bmx') out.set(plannedId, { race_id: plannedId, rows: reading(race).rows });
  }
  return out;
}

/** A finished timed race's drivers in finishing order. */
export function timedOrder(race: RaceState): string[] {
  return reading(race).order;
}

/** A class's qualifying rounds from its finished heats: every heat of a round together. */
export function qualifyingRounds(state: EngineState, meeting: MeetingState, classId: string): QualifyingRound[] {
  const rounds = new Map<number, QualifyingRound>();
  for (const heat of meeting.heats) {
    if (heat.class_id !== classId) continue;
    const race = finishedRun(state, meeting, heat.race_id);
    if (!race) continue;
    const detail = reading(race).detail;
    if (detail?.race.format !== 'timed') continue;
    const round = rounds.get(heat.round) ?? { round: heat.round, rows: [] };
    for (const row of detail.race.rows) round.rows.push(qualifierRow(row, detail.laps[row.rider_id]));
    rounds.set(heat.round, round);
  }
  return [...rounds.values()];
}
