/** @module Archiving: an event idle for a day of track time leaves the live state with its final views, so the state and every snapshot stay the size of the current race day. */
import type { Emitter } from './emitter.ts';
import { meetingView } from './meeting-run/view.ts';
import { raceDetail } from './race-detail.ts';
import type { EngineState, RaceState } from './state.ts';
import { eventStandings } from './standings.ts';

/** An event is archived once nothing happened in it for this long (track time) and other work begins. */
export const ARCHIVE_IDLE_US = 24 * 3600 * 1_000_000;

const activityOf = (r: RaceState) => Math.max(r.staged_at_us, r.started_at_us ?? 0, r.finished_at_us ?? 0);

/**
 * Moves every event but `keepEventId` that has no staged or running race and has been idle for
 * `ARCHIVE_IDLE_US` before `nowUs` out of the state. Called only when an intent begins new work
 * (event.setup, race.stage), so the same log archives at the same envelope on every replay.
 */
export function archiveIdleEvents(state: EngineState, keepEventId: string, nowUs: number, out: Emitter): void {
  const open = new Set<string>();
  for (const id of [...state.running, ...(state.staged_race_id ? [state.staged_race_id] : [])]) open.add(state.races[id]!.event_id);
  const racesOf = new Map<string, RaceState[]>();
  for (const id of state.race_order) {
    const r = state.races[id]!;
    const list = racesOf.get(r.event_id);
    if (list) list.push(r);
    else racesOf.set(r.event_id, [r]);
  }
  for (const eventId of [...state.event_order]) {
    if (eventId === keepEventId || open.has(eventId)) continue;
    const races = racesOf.get(eventId) ?? [];
    const last = races.reduce((latest, r) => Math.max(latest, activityOf(r)), state.event_setup_us[eventId] ?? 0);
    if (nowUs - last < ARCHIVE_IDLE_US) continue;
    const meeting = state.meetings[eventId];
    out.archived.push({
      event: state.events[eventId]!,
      races: races.map(raceDetail).reverse(),
      standings: eventStandings(state, eventId),
      // Its sheet, rankings and mains are read off the races about to leave: computed here, at the archiving envelope, so every replay keeps the same view.
      meeting: meeting ? meetingView(state, meeting) : null,
      last_activity_us: last,
      archived_at_us: nowUs,
    });
    remove(state, eventId, races);
    out.emit('event.archived', eventId, null, { race_ids: races.map((r) => r.race_id), last_activity_us: last });
  }
}

function remove(state: EngineState, eventId: string, races: RaceState[]): void {
  const gone = new Set(races.map((r) => r.race_id));
  for (const id of gone) delete state.races[id];
  state.race_order = state.race_order.filter((id) => !gone.has(id));
  delete state.events[eventId];
  delete state.event_setup_us[eventId];
  delete state.meetings[eventId];
  state.event_order = state.event_order.filter((id) => id !== eventId);
  state.archived_events.push(eventId);
}
