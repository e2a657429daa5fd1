/**
 * @module What the gateway knows of one track: each event's race snapshot (event, races, standings, meeting),
 * seeded from the race workers' snapshots and moved forward by every derived event, so a client that
 * connects at any moment gets the state up to the last event fanned out, and nothing before it again.
 *
 * Every derived event carries whole views (an event's set-up, a race's view with its revision, a
 * class's standings), so applying an event the snapshot already held sets what the snapshot had:
 * re-applying a stretch of the stream converges on the same state (track-feed.ts relies on that).
 */
import type { RaceSnapshotMessage } from '../../shared/contracts/race-stream.ts';
import { FINISHED_IN_SNAPSHOT, type DerivedEvent, type EventView, type MeetingView, type RaceChannelSnapshot, type RaceView, type Standings } from '../../shared/race/index.ts';
import { currentEventOf, eventOrderFrom, followEvent, type EventOrder } from '../projection/current-event.ts';

interface EventState {
  event: EventView | null;
  races: Map<string, RaceView>;
  /** By class id (`null` as its own key). */
  standings: Map<string | null, Standings>;
  meeting: MeetingView | null;
  /** Order of the last change, for dropping the stalest event past the cap. */
  touched: number;
}

const active = (r: RaceView) => r.status === 'staged' || r.status === 'running';

export class TrackModel {
  readonly #events = new Map<string, EventState>();
  #order: EventOrder = eventOrderFrom(null);
  #clock = 0;

  constructor(
    readonly trackId: string,
    /** Events held at once; the one changed longest ago goes first. */
    private readonly maxEvents = 32,
  ) {}

  /** Starts from the race workers' snapshots (any order); the newest one's `current_event_id` is the current event. */
  seed(snapshots: readonly RaceSnapshotMessage[]): void {
    const byAge = [...snapshots].sort((a, b) => a.published_at_us - b.published_at_us);
    for (const message of byAge) {
      const payload = message.snapshot as Partial<RaceChannelSnapshot>;
      const state = this.#state(message.event_id);
      state.event = payload.event ?? null;
      state.races = new Map((payload.races ?? []).map((r) => [r.race_id, r]));
      state.standings = new Map((payload.standings ?? []).map((s) => [s.class_id, s]));
      state.meeting = payload.meeting ?? null;
    }
    const newest = byAge.at(-1);
    if (newest) this.#order = eventOrderFrom(newest.current_event_id);
  }

  apply(event: DerivedEvent): void {
    this.#order = followEvent(this.#order, event);
    switch (event.type) {
      case 'event.updated':
        this.#state(event.payload.event.event_id).event = event.payload.event;
        break;
      case 'race.updated': {
        const { race } = event.payload;
        const state = this.#state(race.event_id);
        const known = state.races.get(race.race_id);
        if (known && known.revision >= race.revision) break;
        if (race.status === 'reset') state.races.delete(race.race_id);
        else state.races.set(race.race_id, race);
        this.#trimFinished(state);
        break;
      }
      case 'standings.updated': {
        const { standings } = event.payload;
        this.#state(standings.event_id).standings.set(standings.class_id, standings);
        break;
      }
      case 'meeting.updated': {
        const state = this.#state(event.payload.meeting.event_id);
        if (!state.meeting || state.meeting.revision < event.payload.meeting.revision) state.meeting = event.payload.meeting;
        break;
      }
      case 'event.archived':
        if (event.event_id !== null) this.#events.delete(event.event_id);
        break;
      default:
        break;
    }
  }

  currentEventId(): string | null {
    return currentEventOf(this.#order);
  }

  /** The race channel's snapshot for a client of `eventId` (the current event when null), shaped as the box's (shared/race/live-snapshot.ts). */
  snapshot(eventId: string | null): RaceChannelSnapshot {
    const scope = eventId ?? this.currentEventId();
    const state = scope === null ? undefined : this.#events.get(scope);
    if (!state) return { event: null, races: [], standings: [], meeting: null };
    const races = [...state.races.values()];
    const staged = races.filter((r) => r.status === 'staged');
    const running = races.filter((r) => r.status === 'running').sort((a, b) => (b.started_at_us ?? 0) - (a.started_at_us ?? 0));
    const finished = races.filter((r) => r.status === 'finished').sort((a, b) => b.staged_at_us - a.staged_at_us).slice(0, FINISHED_IN_SNAPSHOT);
    return { event: state.event, races: [...staged, ...running, ...finished], standings: [...state.standings.values()], meeting: state.meeting };
  }

  /** Events held now. */
  events(): string[] {
    return [...this.#events.keys()];
  }

  #state(eventId: string): EventState {
    let state = this.#events.get(eventId);
    if (!state) {
      state = { event: null, races: new Map(), standings: new Map(), meeting: null, touched: 0 };
      this.#events.set(eventId, state);
      if (this.#events.size > this.maxEvents) this.#dropStalest(eventId);
    }
    state.touched = ++this.#clock;
    return state;
  }

  /** Only the newest finished races are shown; the rest would only hold memory. */
  #trimFinished(state: EventState): void {
    const finished = [...state.races.values()].filter((r) => !active(r));
    if (finished.length <= FINISHED_IN_SNAPSHOT) return;
    finished.sort((a, b) => b.staged_at_us - a.staged_at_us);
    for (const race of finished.slice(FINISHED_IN_SNAPSHOT)) state.races.delete(race.race_id);
  }

  #dropStalest(keep: string): void {
    let stalest: [string, number] | null = null;
    for (const [id, state] of this.#events) if (id !== keep && (!stalest || state.touched < stalest[1])) stalest = [id, state.touched];
    if (stalest) this.#events.delete(stalest[0]);
  }
}
