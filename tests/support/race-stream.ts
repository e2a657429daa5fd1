/**
 * @module What a race worker publishes, made the way the contract says (shared/contracts/race-stream.ts):
 * the real engine run over a track's log, each derived event on `timing.race.events.v1.<track>` with the
 * contract's headers and body, and after each batch a snapshot per touched event, built by the box's
 * own snapshot code (shared/race/live-snapshot.ts), on `timing.race.snapshot.v1.<track>.<event>`.
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { idempotencyKey, type Envelope, type RaceSnapshotMessage } from '../../shared/contracts/index.ts';
import { RACE_EVENT_HEADERS, raceEventMsgId } from '../../shared/contracts/race-stream.ts';
import { subjects } from '../../shared/contracts/subjects.ts';
import { raceChannelSnapshot, RaceEngine, type DerivedEvent } from '../../shared/race/index.ts';
import { clubDayLog } from './club-day-log.ts';
import { randomRaceLog } from './random-race-log.ts';

/** A boot id the contract accepts (a ULID). */
export const STREAM_BOOT = '01JBQ0000000000000000000AA';

/** A log moved to `trackId` as box `client`, with a boot id the contract accepts. */
export function onTrack(envelopes: readonly Envelope[], trackId: string, client = 'box-1', bootId = STREAM_BOOT): Envelope[] {
  return envelopes.map((e) => ({ ...e, track_id: trackId, client_id: client, boot_id: bootId }));
}

/** A random but plausible log of `count` envelopes (every intent, wrong ones too) on `trackId`. */
export const randomTrackLog = (trackId: string, seed: number, count: number) => onTrack(randomRaceLog(seed, count).envelopes, trackId);

/** The scripted club day (club-day-log.ts) on `trackId`. */
export const clubDayOn = (trackId: string, seed = 3, motos = 2) => onTrack(clubDayLog(seed, STREAM_BOOT, motos).envelopes, trackId);

export interface PublishedEvent {
  event: DerivedEvent;
  envelope: Envelope;
  seq: number;
}

export interface PublishOptions {
  /** false: no Nats-Msg-Id, so a republish is stored again (as after JetStream's duplicate window). */
  msgId?: boolean;
  /** Overrides the capture time header (µs); default the envelope's own. */
  capturedAtUs?: number;
}

export function raceEventHeaders(trackId: string, event: DerivedEvent, envelope: Envelope, options: PublishOptions = {}) {
  const h = natsHeaders();
  if (options.msgId !== false) h.set(RACE_EVENT_HEADERS.msgId, raceEventMsgId(trackId, event.id));
  h.set(RACE_EVENT_HEADERS.source, idempotencyKey(envelope));
  h.set(RACE_EVENT_HEADERS.capturedAtUs, String(options.capturedAtUs ?? envelope.captured_at_us));
  h.set(RACE_EVENT_HEADERS.ingestedAtUs, String(envelope.ingested_at_us ?? envelope.captured_at_us));
  return h;
}

/** The race worker's output for one track, fed one batch of envelopes at a time. */
export class TrackStream {
  readonly engine = RaceEngine.create();
  readonly published: PublishedEvent[] = [];
  #next = 0;

  constructor(
    private readonly js: JetStreamClient,
    readonly trackId: string,
    readonly envelopes: readonly Envelope[],
  ) {}

  get done(): boolean {
    return this.#next >= this.envelopes.length;
  }

  /** Envelopes applied so far. */
  get position(): number {
    return this.#next;
  }

  /** Applies the next `count` envelopes, publishes their events, then the snapshot of every event they touched. */
  async publishBatch(count: number, options: PublishOptions & { snapshots?: boolean } = {}): Promise<PublishedEvent[]> {
    const batch = this.envelopes.slice(this.#next, this.#next + count);
    this.#next += batch.length;
    const out: PublishedEvent[] = [];
    const touched = new Set<string>();
    for (const envelope of batch) {
      for (const event of this.engine.apply(envelope)) {
        const body = JSON.stringify(event);
        const ack = await this.js.publish(subjects.raceEvents(this.trackId), body, { headers: raceEventHeaders(this.trackId, event, envelope, options) });
        // The engine's views change in place as it goes on: keep the event as it was sent.
        out.push({ event: JSON.parse(body) as DerivedEvent, envelope, seq: ack.seq });
        if (event.event_id) touched.add(event.event_id);
      }
    }
    this.published.push(...out);
    const last = batch.at(-1);
    if (last && options.snapshots !== false) for (const eventId of touched) await this.publishSnapshot(eventId, last);
    return out;
  }

  /** Everything left, in batches of `size`. */
  async publishAll(size = 25, options: PublishOptions = {}): Promise<void> {
    while (!this.done) await this.publishBatch(size, options);
  }

  /** The box's race snapshot of `eventId` now, copied (the engine changes its views in place). */
  snapshot(eventId: string | null): Record<string, unknown> {
    return structuredClone(raceChannelSnapshot(this.engine, eventId)) as unknown as Record<string, unknown>;
  }

  snapshotOf(eventId: string, through: Envelope): RaceSnapshotMessage {
    return {
      track_id: this.trackId,
      event_id: eventId,
      current_event_id: this.engine.currentEventId(),
      through: idempotencyKey(through),
      snapshot: this.snapshot(eventId),
      published_at_us: Date.now() * 1000,
    };
  }

  async publishSnapshot(eventId: string, through: Envelope): Promise<void> {
    await this.js.publish(subjects.raceSnapshot(this.trackId, eventId), JSON.stringify(this.snapshotOf(eventId, through)));
  }

  /** Publishes every event already published again, as a race worker rebuilt from the raw stream would (no Nats-Msg-Id: stored again). */
  async republish(): Promise<void> {
    for (const { event, envelope } of this.published) {
      await this.js.publish(subjects.raceEvents(this.trackId), JSON.stringify(event), { headers: raceEventHeaders(this.trackId, event, envelope, { msgId: false }) });
    }
  }
}
