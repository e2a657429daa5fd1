/** @module What the cloud's race workers publish: each derived event on timing.race.events.v1.<track_id>, and each event's live snapshot on timing.race.snapshot.v1.<track_id>.<event_id>. */
import { z } from 'zod';
import { tokenSchema } from './tokens.ts';

/**
 * Headers on every message of `timing.race.events.v1.<track_id>`. The body is exactly
 * `JSON.stringify(derivedEvent)`: the same text the box's engine gives for the same log.
 */
export const RACE_EVENT_HEADERS = {
  /** `<track_id>:<derived event id>`; the event id is the envelope's id and the event's index, so a republish after a worker crash is a duplicate. */
  msgId: 'Nats-Msg-Id',
  /** The idempotency key (`track:client:boot:seq`) of the envelope that caused the event. */
  source: 'Mre-Source',
  /** The envelope's `captured_at_us`, for capture → projection and capture → viewer lag. */
  capturedAtUs: 'Mre-Captured-At-Us',
  /** The envelope's `ingested_at_us` (set by the ingest API). */
  ingestedAtUs: 'Mre-Ingested-At-Us',
} as const;

export const raceEventMsgId = (trackId: string, derivedEventId: string) => `${trackId}:${derivedEventId}`;

/**
 * The body of `timing.race.snapshot.v1.<track_id>.<event_id>` (MaxMsgsPerSubject 1): what a live
 * client of that event sees first, built by the same code as the box's live snapshot. A worker
 * publishes it after each batch of envelopes that touched the event.
 */
export const raceSnapshotSchema = z.strictObject({
  track_id: tokenSchema('track_id'),
  event_id: tokenSchema('event_id'),
  /** The track's current event when this was published (what a client without event_id follows). */
  current_event_id: z.string().nullable(),
  /** Idempotency key of the last envelope applied; the gateway starts events after it. */
  through: z.string(),
  /** The race channel's snapshot payload: `{event, races, standings}` as the box's live feed builds it. */
  snapshot: z.record(z.string(), z.unknown()),
  published_at_us: z.number().int(),
});

export type RaceSnapshotMessage = z.infer<typeof raceSnapshotSchema>;
