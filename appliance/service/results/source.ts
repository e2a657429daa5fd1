/** @module Where results pages read from: the engine for live events, the engine store for archived ones, in the shapes the race API serves. */
import type { RaceEngine } from '../../../shared/race/index.ts';
import type { EventView, RaceView, Standings } from '../../../shared/race/index.ts';
import type { MeetingView } from '../../../shared/race/meeting-run/types.ts';
import type { RaceHost } from '../../race/race-host.ts';

/** One event as a results sheet needs it. */
export interface EventResults {
  event: EventView;
  /** Oldest staged first: the order they were run in. */
  races: RaceView[];
  standings: Standings[];
  /** The event's race meeting (an archived event's as it left), whose mains decide each class's result. */
  meeting?: MeetingView | null;
  archived: boolean;
}

export interface EventListing {
  event_id: string;
  name: string;
  date: string | null;
  archived: boolean;
}

export interface ResultsSource {
  /** Live events newest set up first, then archived ones newest first, as `/api/events` lists them. */
  events(): Promise<EventListing[]>;
  event(eventId: string): Promise<EventResults | undefined>;
  /** A race with its event (an archived race's event is in the archive too). */
  race(raceId: string): Promise<{ race: RaceView; event: EventResults } | undefined>;
  /** An event's race meeting with the event its names come from, live or archived; undefined for an event with none. */
  meeting(eventId: string): Promise<EventMeeting | undefined>;
}

export interface EventMeeting {
  event: EventView;
  meeting: MeetingView;
  archived: boolean;
}

export function resultsSource(engine: RaceEngine, archive: RaceHost['archive']): ResultsSource {
  const liveEvent = (event: EventView): EventResults => ({
    event,
    races: engine.races({ eventId: event.event_id }).reverse(),
    standings: engine.standings(event.event_id),
    meeting: engine.meeting(event.event_id) ?? null,
    archived: false,
  });
  const event = async (eventId: string): Promise<EventResults | undefined> => {
    const live = engine.event(eventId);
    if (live) return liveEvent(live);
    const kept = await archive.archivedEvent(eventId);
    return kept && { event: kept.event, races: [...kept.races].reverse(), standings: kept.standings, meeting: (await archive.archivedMeeting(eventId)) ?? null, archived: true };
  };
  return {
    async events() {
      const archived = (await archive.archivedEvents()).sort((a, b) => b.last_activity_us - a.last_activity_us);
      return [
        ...engine.events().map((e) => ({ event_id: e.event_id, name: e.name, date: e.date, archived: false })),
        ...archived.map((a) => ({ event_id: a.event_id, name: a.name, date: a.date, archived: true })),
      ];
    },
    event,
    async race(raceId) {
      const race = engine.race(raceId)?.race ?? (await archive.archivedRace(raceId))?.race;
      if (!race) return undefined;
      const of = await event(race.event_id);
      return of && { race, event: of };
    },
    async meeting(eventId) {
      const live = engine.event(eventId);
      if (live) {
        const meeting = engine.meeting(eventId);
        return meeting && { event: live, meeting, archived: false };
      }
      const meeting = await archive.archivedMeeting(eventId);
      const kept = meeting ? await archive.archivedEvent(eventId) : undefined;
      return meeting && kept ? { event: kept.event, meeting, archived: true } : undefined;
    },
  };
}
