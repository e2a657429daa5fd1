/** @module What a board knows, rebuilt from each snapshot and moved forward by each live event: a pure reducer. */
import type {
  ApplianceStatus,
  DecoderEvent,
  DecoderSnapshot,
  DerivedEvent,
  EventView,
  Highlight,
  LiveMessage,
  LivePassing,
  RaceSnapshot,
  RaceView,
  Standings,
} from './live-types.ts';

export const PASSINGS_KEPT = 30;

export interface LiveState {
  event: EventView | null;
  races: RaceView[];
  standings: Standings[];
  passings: LivePassing[];
  status: ApplianceStatus | null;
  highlight: Highlight | null;
  /** True once the race snapshot of the current connection has arrived. */
  synced: boolean;
  /**
   * Another event was set up or got a race on track: it may now be the event in progress, which
   * only the box can name, so the board asks for a fresh snapshot instead of mixing two events.
   */
  resync: boolean;
}

export const emptyLiveState: LiveState = { event: null, races: [], standings: [], passings: [], status: null, highlight: null, synced: false, resync: false };

/** One live message in, the next state out. Snapshots replace what they cover, never merge. */
export function reduceLive(state: LiveState, message: LiveMessage): LiveState {
  if (message.kind === 'snapshot') {
    if (message.channel === 'race') {
      const snap = message.payload as unknown as RaceSnapshot;
      return { ...state, event: snap.event ?? null, races: snap.races ?? [], standings: snap.standings ?? [], highlight: null, synced: true, resync: false };
    }
    const snap = message.payload as unknown as DecoderSnapshot;
    return { ...state, status: snap.status ?? null, passings: (snap.passings ?? []).slice(0, PASSINGS_KEPT) };
  }
  if (message.kind !== 'event') return state;
  if (message.channel === 'race') return applyDerived(state, message.payload as unknown as DerivedEvent);
  const event = message.payload as unknown as DecoderEvent;
  if (event.type === 'passing') return { ...state, passings: [event.passing, ...state.passings].slice(0, PASSINGS_KEPT) };
  if (event.type === 'passings_skipped') {
    if (state.passings[0]?.passing_number === event.latest.passing_number && state.passings[0]?.decoder_id === event.latest.decoder_id) return state;
    return { ...state, passings: [event.latest, ...state.passings].slice(0, PASSINGS_KEPT) };
  }
  if (event.type === 'status') return { ...state, status: event.status };
  return state;
}

/** News that can make its event the one in progress: set up (again), or a race staged or opened on track. */
function movesCurrentEvent(event: DerivedEvent): boolean {
  if (event.type === 'event.updated' || event.type === 'event.archived') return true;
  return event.type === 'race.updated' && (event.payload.change.kind === 'staged' || event.payload.change.kind === 'started');
}

function applyDerived(state: LiveState, event: DerivedEvent): LiveState {
  const shown = state.event?.event_id ?? null;
  // A board shows one event: another event's races, class ids and standings never join it.
  if (shown !== null && event.event_id !== null && event.event_id !== shown) {
    return movesCurrentEvent(event) && !state.resync ? { ...state, resync: true } : state;
  }
  switch (event.type) {
    case 'race.updated': {
      const { race, change } = event.payload;
      const known = state.races.find((r) => r.race_id === race.race_id);
      // Coalescing and reconnects can deliver an older view after a newer one.
      if (known && known.revision >= race.revision) return state;
      const races = known ? state.races.map((r) => (r.race_id === race.race_id ? race : r)) : [race, ...state.races];
      let highlight = state.highlight;
      if (change.kind === 'lap') highlight = { race_id: race.race_id, rider_id: change.rider_id, transponder: change.transponder, n: (highlight?.n ?? 0) + 1 };
      else if (change.kind === 'finish') highlight = { race_id: race.race_id, rider_id: change.rider_id, transponder: null, n: (highlight?.n ?? 0) + 1 };
      return { ...state, races, highlight };
    }
    case 'event.updated':
      return { ...state, event: event.payload.event };
    case 'standings.updated': {
      const next = event.payload.standings;
      const rest = state.standings.filter((s) => !(s.event_id === next.event_id && s.class_id === next.class_id));
      return { ...state, standings: [...rest, next] };
    }
    case 'event.archived':
      // The event shown left the box: nothing of it stays, and the box names what is in progress now.
      return { ...state, event: null, races: [], standings: [], resync: true };
    default:
      return state;
  }
}

const startedOrStaged = (r: RaceView) => r.started_at_us ?? r.staged_at_us;

/** Races on track now: running ones (latest start first), then staged ones (latest staged first). */
export function activeRaces(races: RaceView[]): RaceView[] {
  const running = races.filter((r) => r.status === 'running').sort((a, b) => startedOrStaged(b) - startedOrStaged(a));
  const staged = races.filter((r) => r.status === 'staged').sort((a, b) => b.staged_at_us - a.staged_at_us);
  return [...running, ...staged];
}

/** Finished races, the latest finish first; reset races are gone for spectators. */
export function finishedRaces(races: RaceView[]): RaceView[] {
  return races.filter((r) => r.status === 'finished').sort((a, b) => (b.finished_at_us ?? 0) - (a.finished_at_us ?? 0));
}

/** Display name of a class, falling back to its id. */
export function className(event: EventView | null, classId: string | null): string | null {
  if (classId === null) return null;
  return event?.classes.find((c) => c.class_id === classId)?.name ?? classId;
}
