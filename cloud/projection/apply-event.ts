/**
 * @module One derived event applied to the read models, as a pure function: the models it touches
 * go in, the ones it changed come out. A message at or below the track's last applied stream
 * sequence is a replay and changes nothing; so is an event whose source is at or below its box
 * boot's high-water mark (a republish after JetStream's duplicate window). Everything else is
 * deterministic, so replaying the stream into an empty bucket gives the same models.
 */
import type { DerivedEvent, TimedRaceView } from '../../shared/race/index.ts';
import { currentEventOf, emptyEventOrder, followEvent, storedEventOrder } from './current-event.ts';
import { modelKeys } from './keys.ts';
import { lapEventOf, nextLapRace, type BoxLapRace } from './lap-model.ts';
import type { LapEvent } from '../../shared/contracts/lap-model.ts';
import { boxRiderKey, historyKey, nextHistoryRow, type HistoryRow } from '../../shared/contracts/driver-history.ts';
import type { EventModel, RaceDetailModel, RaceResults, StandingsModel, TrackLive, TrackSummary } from './models.ts';
import type { RaceEventMessage, SourcePosition } from './race-event-message.ts';
import { MAX_EVENT_RACES, nextDetail, nextResults, withSummary } from './race-models.ts';

/** Boots remembered per track for the duplicate check: a box restarts a few times a day at most. */
const MAX_BOOTS = 32;
/** Active races listed per track: one staged race and the running ones. */
const MAX_ACTIVE = 50;
/** The track list's last activity moves in steps this size, so a busy track does not rewrite it with every lap. */
export const ACTIVITY_STEP_US = 10_000_000;

export interface ApplyContext {
  nowUs: number;
  /** No activity for this long: the track is idle. */
  idleAfterUs: number;
}

/** Models as loaded: a key missing from the bucket is undefined. */
export type Loaded = ReadonlyMap<string, unknown>;

export type Outcome =
  | { kind: 'replayed' }
  | { kind: 'duplicate' }
  /** `writes`: changed models, the track's live model last (it holds the sequence that marks the event applied). */
  | { kind: 'applied'; writes: Map<string, unknown> };

/** The keys an event may touch, the track's live model first. */
export function keysFor({ trackId, event }: RaceEventMessage): string[] {
  const keys = [modelKeys.trackLive(trackId), modelKeys.trackSummary(trackId)];
  if (event.type === 'race.updated') {
    const { race } = event.payload;
    keys.push(modelKeys.race(trackId, race.race_id), modelKeys.raceDetail(trackId, race.race_id), modelKeys.event(trackId, race.event_id));
    if (race.format === 'timed') keys.push(modelKeys.lapEvent(trackId, race.event_id), modelKeys.lapRace(trackId, race.event_id, race.race_id), ...finishedHistoryKeys(trackId, race));
  } else if (event.type === 'standings.updated') keys.push(modelKeys.standings(trackId, event.payload.standings.event_id, event.payload.standings.class_id));
  else if (event.type === 'event.updated') keys.push(modelKeys.event(trackId, event.payload.event.event_id), modelKeys.lapEvent(trackId, event.payload.event.event_id));
  else if (event.type === 'event.archived' && event.event_id !== null) keys.push(modelKeys.event(trackId, event.event_id));
  return keys;
}

const emptyLive = (trackId: string): TrackLive => ({ track_id: trackId, seq: 0, current_event_id: null, active_races: [], last_activity_us: 0, event_order: emptyEventOrder(), high_water: {} });

const emptyEvent = (trackId: string, eventId: string): EventModel => ({ track_id: trackId, event_id: eventId, event: null, races: [], archived: false, archived_at_us: null });

function isDuplicate(live: TrackLive, source: SourcePosition): boolean {
  const mark = live.high_water[source.boot];
  return mark !== undefined && (source.seq < mark[0] || (source.seq === mark[0] && source.index <= mark[1]));
}

function withHighWater(marks: TrackLive['high_water'], source: SourcePosition): TrackLive['high_water'] {
  // Re-inserted last, so the key order is the order boots were last seen and the oldest goes first.
  const { [source.boot]: _, ...rest } = marks;
  const next: TrackLive['high_water'] = { ...rest, [source.boot]: [source.seq, source.index] };
  const boots = Object.keys(next);
  for (const boot of boots.slice(0, Math.max(0, boots.length - MAX_BOOTS))) delete next[boot];
  return next;
}

/** The drivers' history rows a finished timed race moves (shared/contracts/driver-history.ts). */
function finishedHistoryKeys(trackId: string, race: { status: string; event_id: string; rows: readonly { rider_id: string; transponder: number | null }[] }): string[] {
  if (race.status !== 'finished') return [];
  return race.rows.flatMap((r) => [historyKey('box', r.rider_id, trackId, race.event_id), r.transponder === null ? null : boxRiderKey(r.transponder, trackId, r.rider_id)]).filter((k): k is string => k !== null);
}

/**
 * A finished race's drivers: each one's row for the event gets this race (a box's track is named by its id),
 * and the transponder each one raced with is kept as a key that leads back to the rider.
 */
function applyHistory(trackId: string, event: LapEvent, record: BoxLapRace, rows: TimedRaceView['rows'], get: <T>(key: string) => T | undefined, writes: Map<string, unknown>): void {
  if (record.race.status !== 'finished') return;
  for (const row of rows) {
    const riderKey = row.transponder === null ? null : boxRiderKey(row.transponder, trackId, row.rider_id);
    if (riderKey !== null) writes.set(riderKey, {});
  }
  for (const result of record.results) {
    const key = historyKey('box', result.driver_key, trackId, event.event_id);
    if (key === null) continue;
    const row = nextHistoryRow(get<HistoryRow>(key), { event, race: record.race, results: record.results }, result.driver_key, trackId);
    if (row) writes.set(key, row);
  }
}

/** A timed race and its event in the one lap model (lap-model.ts). */
function applyLapModel(trackId: string, event: DerivedEvent, get: <T>(key: string) => T | undefined, writes: Map<string, unknown>): void {
  if (event.type === 'event.updated') {
    const { event: view } = event.payload;
    const key = modelKeys.lapEvent(trackId, view.event_id);
    const old = get<LapEvent>(key);
    // An event enters the lap model with its first timed race; a BMX-only day stays out.
    if (old) writes.set(key, lapEventOf(trackId, view.event_id, view, old, null));
  } else if (event.type === 'race.updated' && event.payload.race.format === 'timed') {
    const { race } = event.payload;
    const raceKey = modelKeys.lapRace(trackId, race.event_id, race.race_id);
    const view = get<EventModel>(modelKeys.event(trackId, race.event_id))?.event ?? null;
    const next = nextLapRace(get<BoxLapRace>(raceKey), trackId, event.payload, view);
    if (next === undefined || next === get<BoxLapRace>(raceKey)) return;
    writes.set(raceKey, next);
    const eventKey = modelKeys.lapEvent(trackId, race.event_id);
    const lapEvent = lapEventOf(trackId, race.event_id, view, get<LapEvent>(eventKey), race.started_at_us);
    writes.set(eventKey, lapEvent);
    applyHistory(trackId, lapEvent, next, race.rows, get, writes);
  }
}

/** The models an event's own payload moves (everything but the track's live model and summary). */
function applyPayload(trackId: string, event: DerivedEvent, loaded: Loaded, writes: Map<string, unknown>): void {
  const get = <T>(key: string) => loaded.get(key) as T | undefined;
  applyLapModel(trackId, event, get, writes);
  if (event.type === 'race.updated') {
    const { race } = event.payload;
    const raceKey = modelKeys.race(trackId, race.race_id);
    const results = nextResults(get<RaceResults>(raceKey), trackId, race);
    // A stale view (lower revision) moves nothing, its lap included: the newer view already counted it.
    if (results === get<RaceResults>(raceKey)) return;
    writes.set(raceKey, results);
    const detailKey = modelKeys.raceDetail(trackId, race.race_id);
    writes.set(detailKey, nextDetail(get<RaceDetailModel>(detailKey), trackId, event.payload, event.at_us));
    const eventKey = modelKeys.event(trackId, race.event_id);
    const model = get<EventModel>(eventKey) ?? emptyEvent(trackId, race.event_id);
    writes.set(eventKey, { ...model, races: withSummary(model.races, race, MAX_EVENT_RACES) });
  } else if (event.type === 'standings.updated') {
    const { standings } = event.payload;
    writes.set(modelKeys.standings(trackId, standings.event_id, standings.class_id), { track_id: trackId, standings } satisfies StandingsModel);
  } else if (event.type === 'event.updated') {
    const key = modelKeys.event(trackId, event.payload.event.event_id);
    const model = get<EventModel>(key) ?? emptyEvent(trackId, event.payload.event.event_id);
    writes.set(key, { ...model, event: event.payload.event });
  } else if (event.type === 'event.archived' && event.event_id !== null) {
    const key = modelKeys.event(trackId, event.event_id);
    const model = get<EventModel>(key) ?? emptyEvent(trackId, event.event_id);
    writes.set(key, { ...model, archived: true, archived_at_us: model.archived_at_us ?? event.at_us });
  }
}

function nextActive(live: TrackLive, event: DerivedEvent): TrackLive['active_races'] {
  if (event.type === 'race.updated') {
    const { race } = event.payload;
    if (race.status === 'staged' || race.status === 'running') return withSummary(live.active_races, race, MAX_ACTIVE);
    return live.active_races.some((r) => r.race_id === race.race_id) ? live.active_races.filter((r) => r.race_id !== race.race_id) : live.active_races;
  }
  if (event.type === 'event.archived') return live.active_races.filter((r) => r.event_id !== event.event_id);
  return live.active_races;
}

function nextSummary(old: TrackSummary | undefined, live: TrackLive, ctx: ApplyContext): TrackSummary {
  const status = ctx.nowUs - live.last_activity_us < ctx.idleAfterUs ? 'live' : 'idle';
  const stepped = old && live.last_activity_us - old.last_activity_us < ACTIVITY_STEP_US && status === old.status ? old.last_activity_us : live.last_activity_us;
  return { track_id: live.track_id, status, last_activity_us: stepped, current_event_id: live.current_event_id };
}

/** Values equal as JSON: a write that would store the same text is no write. */
const same = (a: unknown, b: unknown) => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

export function applyEvent(message: RaceEventMessage, loaded: Loaded, ctx: ApplyContext): Outcome {
  const { trackId, event, source } = message;
  const liveKey = modelKeys.trackLive(trackId);
  const old = (loaded.get(liveKey) as TrackLive | undefined) ?? emptyLive(trackId);
  if (message.seq <= old.seq) return { kind: 'replayed' };
  if (isDuplicate(old, source)) return { kind: 'duplicate' };

  const candidates = new Map<string, unknown>();
  applyPayload(trackId, event, loaded, candidates);
  const eventOrder = followEvent(storedEventOrder(old.event_order, old.current_event_id), event);
  const live: TrackLive = {
    ...old,
    seq: message.seq,
    event_order: eventOrder,
    current_event_id: currentEventOf(eventOrder),
    active_races: nextActive(old, event),
    last_activity_us: Math.max(old.last_activity_us, message.capturedAtUs ?? event.at_us),
    high_water: withHighWater(old.high_water, source),
  };
  const summaryKey = modelKeys.trackSummary(trackId);
  candidates.set(summaryKey, nextSummary(loaded.get(summaryKey) as TrackSummary | undefined, live, ctx));
  candidates.set(liveKey, live);
  const writes = new Map([...candidates].filter(([key, value]) => !same(loaded.get(key), value)));
  return { kind: 'applied', writes };
}

/** The summary of a track whose last activity is older than the idle limit, or null when it needs no change. */
export function idleSummary(summary: TrackSummary, ctx: ApplyContext): TrackSummary | null {
  if (summary.status === 'idle' || ctx.nowUs - summary.last_activity_us < ctx.idleAfterUs) return null;
  return { ...summary, status: 'idle' };
}
