/** @module The race engine: (state, envelope) → derived events. No clock, no randomness, no I/O: the same log gives the same events anywhere. */
import { parseControlPayload, type ControlPayload, type Envelope } from '../contracts/index.ts';
import { autoPracticeMeetsSetup } from './auto-practice.ts';
import { currentEventId } from './current-event.ts';
import { Emitter } from './emitter.ts';
import { isMeetingIntent, meetingsAfterStep, meetingView, type MeetingView } from './meeting-run/index.ts';
import { applyIntent, checkIntent } from './intents.ts';
import { onGetTime, onPassing } from './passings.ts';
import { raceDetail } from './race-detail.ts';
import { deadline, deadlineReason, finishRace, noteStaffRace, quietDeadline } from './race-lifecycle.ts';
import { raceView } from './race-views.ts';
import { eventStandings } from './standings.ts';
import { emptyState, STATE_VERSION, type EngineState } from './state.ts';
import type { ArchivedEvent, DerivedEvent, EventView, FinishReason, RaceDetail, RaceView, Standings } from './views.ts';

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
/** The message types the engine reads; of any other envelope it reads nothing but the type, and derives nothing. */
export const ENGINE_MESSAGE_TYPES: ReadonlySet<string> = new Set(['CONTROL', 'PASSING', 'GET_TIME']);

export function step(state: EngineState, envelope: Envelope): StepResult {
  if (envelope.message_type === 'CONTROL') {
    const out = applyControl(state, envelope);
    return { state, events: out.events, archived: out.archived };
  }
  const none = { state, events: [], archived: [] };
  if (!ENGINE_MESSAGE_TYPES.has(envelope.message_type)) return none;
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
  meetingsAfterStep(state, out, null);
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
  } else if (!closesQuietPractice(state, intent, out)) {
    // The automatic practice gives way to a staged race, whose riders' crossings it would otherwise take.
    if ((intent.intent === 'race.stage' || intent.intent === 'meeting.stage_next') && state.auto_practice) finishRace(state, state.races[state.auto_practice.race_id]!, intent.at_us, 'force_finish', out);
    if (intent.intent === 'event.setup') autoPracticeMeetsSetup(state, intent.args, intent.at_us, out);
    applyIntent(state, intent, envelope.id, out);
    if (STAFF_RACE_INTENTS.has(intent.intent)) noteStaffRace(state, intent.at_us);
    if (state.auto_practice && !state.running.includes(state.auto_practice.race_id)) state.auto_practice = null;
  }
  meetingsAfterStep(state, out, refusal === null && isMeetingIntent(intent) ? intent.args.event_id : null);
  return out;
}

/** Intents by which staff run races: an automatic practice waits a quiet period after each. */
const STAFF_RACE_INTENTS = new Set<ControlPayload['intent']>(['race.stage', 'meeting.stage_next', 'race.start', 'race.gate', 'race.reset', 'race.force_finish']);

/** The box's timer closing the automatic practice once the track has been quiet: it ends at the quiet deadline, and the next crossing opens a new one. */
function closesQuietPractice(state: EngineState, intent: ControlPayload, out: Emitter): boolean {
  if (intent.intent !== 'race.force_finish' || intent.args.race_id !== state.auto_practice?.race_id) return false;
  const end = quietDeadline(state)!;
  if (intent.at_us < end) return false;
  finishRace(state, state.races[intent.args.race_id]!, end, 'quiet', out);
  return true;
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

  /** The race meeting of an event (meeting.setup), as the meeting.updated event carries it. */
  meeting(eventId: string): MeetingView | undefined {
    const meeting = this.state.meetings[eventId];
    return meeting ? meetingView(this.state, meeting) : undefined;
  }

  standings(eventId: string, classId?: string | null): Standings[] {
    return eventStandings(this.state, eventId, classId);
  }

  /** The event in progress (current-event.ts): what a scoreboard and race control show by default. */
  currentEventId(): string | null {
    return currentEventId(this.state);
  }

  /** Who carries a transponder in the current event, for the decoder channel's passings. */
  riderFor(transponder: number): { rider_id: string; name: string } | null {
    const eventId = this.currentEventId();
    const rider = eventId ? this.state.events[eventId]?.riders.find((r) => r.transponders.includes(transponder)) : undefined;
    return rider ? { rider_id: rider.rider_id, name: rider.name } : null;
  }

  /**
   * Running races past their deadline on the box clock, and the automatic practice once the track
   * has been quiet for its period: the host closes them with a logged force_finish by `system`.
   */
  overdue(nowUs: number): { race_id: string; reason: FinishReason }[] {
    const due: { race_id: string; reason: FinishReason }[] = [];
    for (const id of this.state.running) {
      const r = this.state.races[id]!;
      const end = deadline(r);
      if (end !== null && nowUs > end) due.push({ race_id: id, reason: deadlineReason(r) });
    }
    const quietEnd = quietDeadline(this.state);
    if (quietEnd !== null && nowUs > quietEnd) due.push({ race_id: this.state.auto_practice!.race_id, reason: 'quiet' });
    return due;
  }
}
