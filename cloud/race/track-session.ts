/**
 * @module Taking a track up: its saved state (or a fresh engine), the dedupe marks saved with it,
 * a consumer starting right after the raw sequence they cover, and how far the last owner got
 * with publishing, so envelopes it already published for are applied again without publishing
 * their events a second time (however long ago that was: JetStream's duplicate window is minutes).
 */
import type { Consumer, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { ContractError, parseEnvelope, parseIdempotencyKey, RACE_EVENT_HEADERS, STREAMS, subjects, type Envelope } from '../../shared/contracts/index.ts';
import { RaceEngine } from '../../shared/race/index.ts';
import { DedupeMarks } from './dedupe-marks.ts';
import type { StateStore } from './state-store.ts';
import { resetTrackConsumer } from './track-consumer.ts';
import { TrackEngine, type EngineStep } from './track-engine.ts';

/** The last owner's last published event; nothing up to it is published again. */
export interface Suppression {
  /** Idempotency key of the envelope that caused it. */
  sourceKey: string;
  eventId: string;
  /** The raw subject's last sequence when the track was taken up: anything after it nobody has applied yet. */
  untilRawSeq: number;
}

export interface Session {
  engine: TrackEngine;
  marks: DedupeMarks;
  consumer: Consumer;
  /** Raw sequence of the last envelope taken in (applied, skipped or dead-lettered). */
  takenSeq: number;
  /** … of the last one whose results are published and acknowledged. */
  committedSeq: number;
  /** … covered by the saved state. */
  savedSeq: number;
  savedAt: number;
  /** Idempotency key of the last envelope applied. */
  through: string | null;
  suppress: Suppression | null;
  /** The consumer's delivery sequence of the last message seen: a jump means a delivery went elsewhere. */
  lastDelivery: number;
}

export interface SessionDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  store: StateStore;
  dedupe: KV;
  step: EngineStep;
  maxTries: number;
  maxMarks: number;
  maxAckPending: number;
}

export async function openSession(trackId: string, deps: SessionDeps): Promise<{ session: Session; fromSaved: boolean }> {
  const saved = await deps.store.load(trackId);
  const marks = new DedupeMarks(deps.dedupe, trackId, deps.maxMarks, saved?.meta.marks ?? []);
  const from = saved?.meta.raw_seq ?? 0;
  const suppress = await lastPublished(trackId, deps.jsm, marks, from);
  const consumer = await resetTrackConsumer(deps.js, deps.jsm, trackId, from, deps.maxAckPending);
  const engine = saved ? new TrackEngine(saved.engine, deps.step, deps.maxTries, saved.state) : new TrackEngine(RaceEngine.create(), deps.step, deps.maxTries);
  const session: Session = { engine, marks, consumer, takenSeq: from, committedSeq: from, savedSeq: from, savedAt: performance.now(), through: saved?.meta.through ?? null, suppress, lastDelivery: 0 };
  return { session, fromSaved: saved !== null };
}

async function lastPublished(trackId: string, jsm: JetStreamManager, marks: DedupeMarks, savedSeq: number): Promise<Suppression | null> {
  const last = await jsm.streams.getMessage(STREAMS.raceEvents, { last_by_subj: subjects.raceEvents(trackId) });
  if (!last) return null;
  const sourceKey = last.header?.get(RACE_EVENT_HEADERS.source) ?? '';
  let eventId: unknown;
  try {
    eventId = (last.json() as { id?: unknown }).id;
    if (typeof eventId !== 'string') return null;
    // Already inside the saved state: everything after it is new.
    if (await marks.coveredAsOf(parseIdempotencyKey(sourceKey), savedSeq)) return null;
  } catch {
    return null;
  }
  const raw = await jsm.streams.getMessage(STREAMS.ingestRaw, { last_by_subj: subjects.ingestRaw(trackId) });
  return raw ? { sourceKey, eventId, untilRawSeq: raw.seq } : null;
}

/** A raw message as an envelope of this track, or a ContractError saying what is wrong with it. */
export function readEnvelope(data: string, trackId: string): Envelope {
  let input: unknown;
  try {
    input = JSON.parse(data);
  } catch (error) {
    throw new ContractError(`invalid envelope: not JSON (${(error as Error).message})`);
  }
  const envelope = parseEnvelope(input);
  if (envelope.track_id !== trackId) throw new ContractError(`invalid envelope: track_id ${JSON.stringify(envelope.track_id)} on the raw subject of track ${trackId}`);
  return envelope;
}
