/** @module Which unsent race updates a slow live client may skip (box and cloud alike): only the newest view of a race, a standings table, an event set-up or a meeting matters. */
import type { DerivedEvent } from '../race/index.ts';

export function raceCoalesceKey(event: DerivedEvent): string | undefined {
  if (event.type === 'race.updated') return `race:${event.race_id}`;
  if (event.type === 'standings.updated') return `standings:${event.payload.standings.event_id}:${event.payload.standings.class_id}`;
  if (event.type === 'event.updated') return `event:${event.event_id}`;
  if (event.type === 'meeting.updated') return `meeting:${event.event_id}`;
  return undefined;
}
