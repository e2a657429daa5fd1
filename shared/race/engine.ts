/** @module The race engine: (state, envelope) → derived events. No clock, no randomness, no I/O: the same log gives the same events anywhere. */
import { parseControlPayload, type ControlPayload, type Envelope } from '../contracts/index.ts';
import { Emitter } from './emitter.ts';
import { applyIntent, checkIntent } from './intents.ts';
import { onGetTime, onPassing } from './passings.ts';
import { raceDetail } from './race-detail.ts';
import { deadline } from './race-lifecycle.ts';
import { raceView } from './race-views.ts';
import { eventStandings } from './standings.ts';
import { emptyState, STATE_VERSION, type EngineState } from './state.ts';
import type { ArchivedEvent, DerivedEvent, EventView, RaceDetail, RaceView, Standings } from './views.ts';

type Loose = Record<string, unknown>;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The decoder record inside a logged envelope, with the box time it arrived. */
function recordOf(envelope: Envelope): { record: Loose; receivedAtUs: number } | undefined {
  const record = envelope.payload.record;
  if (typeof record !== 'object' || record === null) return undefined;
  const received = envelope.payload.received_at_us;
  return { record: record as Loose, receivedAtUs: int(received) ? received : envelope.captured_at_us };
}

/**
 * One step of the engine. Mutates and returns `state` (replaying a day's log allocates no copies);
 * callers that need the old state keep a snapshot.
 */
export function step(state: EngineState, envelope: Envelope): StepResult {
  if (envelope.message_type === 'CONTROL') {
    const out = applyControl(state, envelope);
    return { state, events: out.events, archived: out.archived };
  }
  const none = { state, events: [], archived: [] };
  if (envelope.message_type !== 'PASSING' && envelope.message_type !== 'GET_TIME') return none;
  const found = recordOf(envelope);
  if (!found) return none;
  const { record, receivedAtUs } = found;
  const decoderId = int(record.decoder_id) ? record.decoder_id : 0;
  if (!int(record.rtc_time_us)) return none;
  const out = new Emitter(envelope.id, receivedAtUs);
  if (envelope.message_type === 'GET_TIME') onGetTime(state, { decoder_id: decoderId, rtc_time_us: record.rtc_time_us, received_at_us: receivedAtUs }, out);
  else if (int(record.transponder) && int(record.passing_number)) {
    onPassing(state, { decoder_id: decoderId, rtc_time_us: record.rtc_time_us, received_at_us: receivedAtUs, transponder: record.transponder, passing_number: record.passing_number }, out);
  }
  return { state, events: out.events, archived: out.archived };
}

export interface StepResult {
  state: EngineState;
  events: DerivedEvent[];
  /** Events that left the live state at this envelope, with their final views. */
  archived: ArchivedEvent[];
}

function applyControl(state: EngineState, envelope: Envelope): Emitter {
  let intent: ControlPayload;
  try {
    intent = parseControlPayload(envelope.payload);
  } catch (error) {
    const out = new Emitter(envelope.id, envelope.captured_at_us);
    const name = typeof envelope.payload.intent === 'string' ? envelope.payload.intent : 'unknown';
    out.emit('intent.refused', null, null, { intent: name, reason: (error as Error).message, by: typeof envelope.payload.by === 'string' ? envelope.payload.by : 'unknown' });
    return out;
  }
  const out = new Emitter(envelope.id, intent.at_us);
  const refusal = checkIntent(state, intent);
  if (refusal !== null) {
    const raceId = 'race_id' in intent.args && typeof intent.args.race_id === 'string' ? intent.args.race_id : null;
    out.emit('intent.refused', 'event_id' in intent.args ? intent.args.event_id : (state.races[raceId ?? '']?.event_id ?? null), raceId, { intent: intent.intent, reason: refusal, by: intent.by });
  } else {
    applyIntent(state, intent, envelope.id, out);
  }
  return out;
}

/** The engine with its state, plus the read side the API and the live feed need. */
export class RaceEngine {
  private constructor(private state: EngineState) {}

  static create(): RaceEngine {
    return new RaceEngine(emptyState());
  }

  static fromSnapshot(snapshot: string): RaceEngine {
    const state = JSON.parse(snapshot) as EngineState;
    if (state.v !== STATE_VERSION) throw new Error(`race engine snapshot version ${String(state.v)} is not ${STATE_VERSION}: replay from the log instead`);
    return new RaceEngine(state);
  }

  apply(envelope: Envelope): DerivedEvent[] {
    return step(this.state, envelope).events;
  }

  /** Like apply, with the events archived at this envelope: a host that serves results keeps them. */
  applyStep(envelope: Envelope): Omit<StepResult, 'state'> {
    const { events, archived } = step(this.state, envelope);
    return { events, archived };
  }

  snapshot(): string {
    return JSON.stringify(this.state);
  }

  /** Why this intent would be refused now, or null: the API answers 409 without logging it. */
  check(intent: ControlPayload): string | null {
    return checkIntent(this.state, intent);
  }

  events(): EventView[] {
    return [...this.state.event_order].reverse().map((id) => this.state.events[id]!);
  }

  event(eventId: string): EventView | undefined {
    return this.state.events[eventId];
  }

  /** Newest staged first. */
  races(filter: { eventId?: string } = {}): RaceView[] {
    const ids = [...this.state.race_order].reverse();
    return ids.map((id) => this.state.races[id]!).filter((r) => filter.eventId === undefined || r.event_id === filter.eventId).map(raceView);
  }

  race(raceId: string): RaceDetail | undefined {
    const race = this.state.races[raceId];
    return race ? raceDetail(race) : undefined;
  }

  /** The staged race and the running ones, newest first. */
  activeRaces(eventId?: string): RaceView[] {
    const ids = [...this.state.running, ...(this.state.staged_race_id ? [this.state.staged_race_id] : [])].reverse();
    return ids.map((id) => this.state.races[id]!).filter((r) => eventId === undefined || r.event_id === eventId).map(raceView);
  }

  standings(eventId: string, classId?: string | null): Standings[] {
    return eventStandings(this.state, eventId, classId);
  }

  /** The event of the newest race (or the newest event set up): what a scoreboard shows by default. */
  currentEventId(): string | null {
    const lastRace = this.state.race_order.at(-1);
    return lastRace ? this.state.races[lastRace]!.event_id : (this.state.event_order.at(-1) ?? null);
  }

  /** Who carries a transponder in the current event, for the decoder channel's passings. */
  riderFor(transponder: number): { rider_id: string; name: string } | null {
    const eventId = this.currentEventId();
    const rider = eventId ? this.state.events[eventId]?.riders.find((r) => r.transponders.includes(transponder)) : undefined;
    return rider ? { rider_id: rider.rider_id, name: rider.name } : null;
  }

  /** Running races past their deadline on the box clock: the host closes them with a logged force_finish. */
  overdue(nowUs: number): string[] {
    return this.state.running.filter((id) => {
      const r = this.state.races[id]!;
      const end = deadline(r);
      return end !== null && nowUs > end;
    });
  }
}
