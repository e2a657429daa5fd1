/** @module Which unsent race updates a slow live client may skip (box and cloud alike): only the newest view of a race, a standings table, an event set-up or a meeting matters. */
import type { DerivedEvent } from '../race/index.ts';

export function raceCoalesceKey(event: DerivedEvent): string | undefined {
  if (event.type === 'race.updated') return `race:${event.race_id}`;
  if (event.type === 'standings.updated') return `standings:${event.payload.standings.event_id}:${event.payload.standings.class_id}`;
  if (event.type === 'event.updated') return `event:${event.event_id}`;
  if (event.type === 'meeting.updated') return `meeting:${event.event_id}`;
  return undefined;
}

/** Changes that only move a board (a lap, a finish, a rescore): a later update of the race in the same turn shows them too. */
const PASSING_CHANGES: ReadonlySet<string> = new Set(['lap', 'rejected', 'suspect_short', 'finish', 'rescored']);

/** Race updates whose change a client acts on (a fresh snapshot, the announcer's "gate is down"), so a later update in the same turn must not replace them. */
export function raceUpdateKept(event: DerivedEvent): boolean {
  return event.type === 'race.updated' && !PASSING_CHANGES.has(event.payload.change.kind);
}
