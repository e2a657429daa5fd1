/** @module The race channel's live snapshot `{event, races, standings, meeting}`: one pure function of the engine, so the box's live feed and the cloud's race workers send the same thing. */
import type { RaceEngine } from './engine.ts';
import type { MeetingView } from './meeting-run/types.ts';
import type { EventView, RaceView, Standings } from './views.ts';

/** Finished races a snapshot carries besides the active ones: the newest, as a scoreboard shows them. */
export const FINISHED_IN_SNAPSHOT = 10;

export interface RaceChannelSnapshot {
  event: EventView | null;
  /** The staged and running races, newest first, then the newest finished ones. */
  races: RaceView[];
  standings: Standings[];
  /** The event's race meeting (running order, now and next, rankings, mains), null without one. */
  meeting: MeetingView | null;
}

/** What a race-channel client scoped to `eventId` (or, with null, to the track's current event) sees first. */
export function raceChannelSnapshot(engine: RaceEngine, eventId: string | null): RaceChannelSnapshot {
  const scope = eventId ?? engine.currentEventId();
  if (scope === null) return { event: null, races: [], standings: [], meeting: null };
  const active = engine.activeRaces(scope);
  const finished = engine.races({ eventId: scope }).filter((r) => r.status === 'finished').slice(0, FINISHED_IN_SNAPSHOT);
  return { event: engine.event(scope) ?? null, races: [...active, ...finished], standings: engine.standings(scope), meeting: engine.meeting(scope) ?? null };
}
