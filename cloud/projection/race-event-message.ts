/**
 * @module One message of `timing.race.events.v1.<track_id>` read as the race-stream contract
 * (shared/contracts/race-stream.ts) says: the derived event in the body, where it came from in the
 * headers. Shapes are checked as far as the readers here rely on them; anything else is a
 * BadRaceEvent naming the problem, for the dead-letter subject.
 */
import type { JsMsg } from '@nats-io/jetstream';
import { parseIdempotencyKey } from '../../shared/contracts/idempotency.ts';
import { RACE_EVENT_HEADERS } from '../../shared/contracts/race-stream.ts';
import { TOKEN_PATTERN } from '../../shared/contracts/tokens.ts';
import type { DerivedEvent } from '../../shared/race/index.ts';

/** A message the readers cannot use; the reason says which part is wrong. */
export class BadRaceEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRaceEvent';
  }
}

/** Where in the box's log the event came from: its envelope's boot stream, seq, and the event's index among that envelope's events. */
export interface SourcePosition {
  /** `client_id:boot_id`: seq runs 1, 2, 3 … within it with no gap. */
  boot: string;
  seq: number;
  index: number;
}

export interface RaceEventMessage {
  trackId: string;
  /** The message's stream sequence. */
  seq: number;
  event: DerivedEvent;
  source: SourcePosition;
  /** The envelope's capture time on the box, µs; null when the header is missing or not a number. */
  capturedAtUs: number | null;
}

const PREFIX = 'timing.race.events.v1.';
const TYPES = new Set(['event.updated', 'race.updated', 'standings.updated', 'gate.unassigned', 'intent.refused', 'event.archived', 'decoder.clock']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && TOKEN_PATTERN.test(v);
const idOrNull = (v: unknown) => v === null || isId(v);

/** The track token of a race-events subject. */
export function trackOfSubject(subject: string): string {
  const track = subject.startsWith(PREFIX) ? subject.slice(PREFIX.length) : '';
  if (!isId(track)) throw new BadRaceEvent(`subject ${JSON.stringify(subject)} is not timing.race.events.v1.<track_id>`);
  return track;
}

/** Checks what each payload type must carry for the read models and the live feed. */
function checkPayload(event: Record<string, unknown>): void {
  const payload = event.payload;
  if (!isObject(payload)) throw new BadRaceEvent('payload must be an object');
  const need = (ok: boolean, what: string) => {
    if (!ok) throw new BadRaceEvent(`${String(event.type)} payload: ${what}`);
  };
  if (event.type === 'race.updated') {
    const race = payload.race;
    need(isObject(race) && isId(race.race_id) && isId(race.event_id) && Number.isInteger(race.revision) && typeof race.status === 'string', 'race must carry race_id, event_id, status and revision');
    need(isObject(payload.change) && typeof payload.change.kind === 'string', 'change must carry a kind');
    const { race_id, event_id } = race as Record<string, unknown>;
    need(event.race_id === race_id && event.event_id === event_id, 'race.race_id and race.event_id must be the event\'s own');
  } else if (event.type === 'standings.updated') {
    const s = payload.standings;
    need(isObject(s) && isId(s.event_id) && idOrNull(s.class_id) && Array.isArray(s.rows), 'standings must carry event_id, class_id and rows');
  } else if (event.type === 'event.updated') {
    need(isObject(payload.event) && isId(payload.event.event_id), 'event must carry an event_id');
  } else if (event.type === 'event.archived') {
    need(Array.isArray(payload.race_ids) && payload.race_ids.every(isId), 'race_ids must be a list of ids');
  }
}

/** Parses and checks a derived event body (JSON text as the race worker published it). */
export function parseDerivedEvent(text: string): DerivedEvent {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BadRaceEvent(`body is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(body)) throw new BadRaceEvent('body must be a derived event object');
  if (typeof body.id !== 'string' || !/^[0-9A-Z]{26}-\d+$/.test(body.id)) throw new BadRaceEvent(`id ${JSON.stringify(body.id)} must be <envelope id>-<index>`);
  if (typeof body.type !== 'string' || !TYPES.has(body.type)) throw new BadRaceEvent(`type ${JSON.stringify(body.type)} is not a derived event type`);
  if (!idOrNull(body.event_id) || !idOrNull(body.race_id)) throw new BadRaceEvent('event_id and race_id must be ids or null');
  if (!Number.isSafeInteger(body.at_us)) throw new BadRaceEvent('at_us must be a whole number');
  checkPayload(body);
  return body as unknown as DerivedEvent;
}

function sourceOf(header: string | undefined, eventId: string, trackId: string): SourcePosition {
  if (!header) throw new BadRaceEvent(`header ${RACE_EVENT_HEADERS.source} is missing`);
  let key;
  try {
    key = parseIdempotencyKey(header);
  } catch (error) {
    throw new BadRaceEvent(`header ${RACE_EVENT_HEADERS.source}: ${(error as Error).message}`);
  }
  if (key.track_id !== trackId) throw new BadRaceEvent(`header ${RACE_EVENT_HEADERS.source} names track ${key.track_id}, the subject ${trackId}`);
  return { boot: `${key.client_id}:${key.boot_id}`, seq: key.seq, index: Number(eventId.slice(eventId.lastIndexOf('-') + 1)) };
}

export function readRaceEventMessage(msg: JsMsg): RaceEventMessage {
  const trackId = trackOfSubject(msg.subject);
  const event = parseDerivedEvent(msg.string());
  const captured = Number(msg.headers?.get(RACE_EVENT_HEADERS.capturedAtUs) || NaN);
  return {
    trackId,
    seq: msg.seq,
    event,
    source: sourceOf(msg.headers?.get(RACE_EVENT_HEADERS.source), event.id, trackId),
    capturedAtUs: Number.isSafeInteger(captured) ? captured : null,
  };
}
