/** @module A race's moves that more than one cause triggers: the update event, finishing (by flag, max time, force), completion checks, standings. */
import type { Emitter } from './emitter.ts';
import { countedLaps } from './race-detail.ts';
import { bmxPlaces, raceView } from './race-views.ts';
import { standingsFor } from './standings.ts';
import type { EngineState, RaceState } from './state.ts';
import type { FinishReason, RaceChange } from './views.ts';

/** Changes after which a timed race's laps travel with its view: final, or counted again. */
const LAPS_WITH: ReadonlySet<RaceChange['kind']> = new Set(['finished', 'rescored', 'correction']);

export function publishRace(race: RaceState, change: RaceChange, out: Emitter, atUs?: number): void {
  race.revision++;
  if (change.kind === 'finish') change.place = bmxPlaces(race).get(change.rider_id) ?? null;
  const laps = race.format === 'timed' && LAPS_WITH.has(change.kind) ? { laps: countedLaps(race) } : {};
  out.emit('race.updated', race.event_id, race.race_id, { race: raceView(race), change, ...laps }, atUs);
}

export function publishStandings(state: EngineState, race: RaceState, out: Emitter): void {
  if (race.format === 'practice' || race.status !== 'finished') return;
  out.emit('standings.updated', race.event_id, race.race_id, { standings: standingsFor(state, race.event_id, race.class_id, race.format) });
}

export function finishRace(state: EngineState, race: RaceState, atUs: number, reason: FinishReason, out: Emitter): void {
  race.status = 'finished';
  race.finished_at_us = atUs;
  race.finish_reason = reason;
  state.running = state.running.filter((id) => id !== race.race_id);
  if (state.auto_practice?.race_id === race.race_id) state.auto_practice = null;
  else noteStaffRace(state, atUs);
  publishRace(race, { kind: 'finished' }, out, atUs);
  publishStandings(state, race, out);
}

/** When a race must end at the latest: BMX max time after the gate; timed: time up plus overtime. Practice runs until stopped. */
export function deadline(race: RaceState): number | null {
  if (race.started_at_us === null || race.format === 'practice') return null;
  if (race.format === 'bmx') return race.started_at_us + race.settings.max_time_ms * 1000;
  return race.started_at_us + (race.settings.duration_ms + race.settings.overtime_ms) * 1000;
}

export const deadlineReason = (race: RaceState): FinishReason => (race.format === 'bmx' ? 'max_time' : 'overtime');

/** Staff's races hold automatic practice off for a quiet period after them (docs/race-engine.md "Automatic practice"). */
export function noteStaffRace(state: EngineState, atUs: number): void {
  state.staff_race_us = Math.max(state.staff_race_us ?? atUs, atUs);
}

/** When the automatic practice closes unless a crossing comes first: its newest crossing plus the quiet period. */
export function quietDeadline(state: EngineState): number | null {
  const auto = state.auto_practice;
  return auto ? auto.last_us + auto.quiet_ms * 1000 : null;
}

/** A decoder time past a running race's deadline closes it there: riders still out are DNF, drivers keep their laps. */
export function closeOverdue(state: EngineState, tUs: number, out: Emitter): void {
  for (const id of [...state.running]) {
    const race = state.races[id]!;
    const end = deadline(race);
    if (end !== null && tUs > end) finishRace(state, race, end, deadlineReason(race), out);
  }
  const quietEnd = quietDeadline(state);
  if (quietEnd !== null && tUs > quietEnd) finishRace(state, state.races[state.auto_practice!.race_id]!, quietEnd, 'quiet', out);
}

/** BMX: every rider has finished. Timed: time is up and every driver who started has taken the flag. */
export function completeIfDone(state: EngineState, race: RaceState, tUs: number, out: Emitter): void {
  if (race.status !== 'running') return;
  if (race.format === 'bmx') {
    if (race.competitors.length > 0 && race.competitors.every((c) => c.finished)) {
      finishRace(state, race, Math.max(...race.competitors.map((c) => c.finish_us!)), 'all_finished', out);
    }
    return;
  }
  if (race.format !== 'timed' || race.started_at_us === null) return;
  const timeUp = tUs >= race.started_at_us + race.settings.duration_ms * 1000;
  const started = race.competitors.filter((c) => c.start_us !== null);
  if (timeUp && started.length > 0 && started.every((c) => c.finished)) finishRace(state, race, tUs, 'all_finished', out);
}
