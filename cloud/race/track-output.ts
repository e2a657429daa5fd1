/**
 * @module What a race worker publishes for one track, shaped as shared/contracts/race-stream.ts
 * and dlq.ts say: derived events (body `JSON.stringify(event)`, Nats-Msg-Id `<track>:<event id>`
 * so a republish after a crash is a duplicate), live snapshots per event, dead letters.
 */
import type { JetStreamClient, JsMsg, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { DLQ_HEADERS, DLQ_REASON_MAX, idempotencyKey, RACE_EVENT_HEADERS, raceEventMsgId, STREAMS, subjects, type Envelope, type RaceSnapshotMessage } from '../../shared/contracts/index.ts';
import type { DerivedEvent } from '../../shared/race/index.ts';

/** Room kept for headers and the protocol line when a body is measured against max_payload. */
const HEADER_ROOM = 1024;

export class TrackOutput {
  constructor(
    private readonly js: JetStreamClient,
    readonly trackId: string,
    private readonly maxPayload: () => number,
  ) {}

  /** Whether a body this long can be published at all; one that cannot would fail the same way on every retry. */
  fits(body: string): boolean {
    return Buffer.byteLength(body, 'utf8') + HEADER_ROOM <= this.maxPayload();
  }

  event(event: DerivedEvent, body: string, envelope: Envelope): Promise<PubAck> {
    const h = natsHeaders();
    h.set(RACE_EVENT_HEADERS.source, idempotencyKey(envelope));
    h.set(RACE_EVENT_HEADERS.capturedAtUs, String(envelope.captured_at_us));
    if (envelope.ingested_at_us !== undefined) h.set(RACE_EVENT_HEADERS.ingestedAtUs, String(envelope.ingested_at_us));
    return this.js.publish(subjects.raceEvents(this.trackId), body, { msgID: raceEventMsgId(this.trackId, event.id), headers: h });
  }

  snapshot(message: RaceSnapshotMessage, body: string): Promise<PubAck> {
    return this.js.publish(subjects.raceSnapshot(this.trackId, message.event_id), body);
  }

  /** The raw message exactly as stored, with why it failed; its id makes a second dead-lettering after a crash a duplicate. */
  deadLetter(msg: JsMsg, reason: string, tries: number): Promise<PubAck> {
    // A message near max_payload has no room for these headers; its stored copy stays in the raw stream at Mre-Dlq-Seq.
    const room = this.maxPayload() - HEADER_ROOM;
    const data = msg.data;
    const body = data.length <= room ? data : data.subarray(0, Math.max(0, room));
    const said = body === data ? reason : `body cut to ${body.length} of ${data.length} bytes; ${reason}`;
    const h = natsHeaders();
    h.set(DLQ_HEADERS.reason, said.replace(/\s+/g, ' ').slice(0, DLQ_REASON_MAX));
    h.set(DLQ_HEADERS.subject, msg.subject);
    h.set(DLQ_HEADERS.seq, String(msg.seq));
    h.set(DLQ_HEADERS.role, 'race');
    h.set(DLQ_HEADERS.tries, String(tries));
    return this.js.publish(subjects.dlq(this.trackId), body, { msgID: `race:${STREAMS.ingestRaw}:${msg.seq}`, headers: h });
  }
}
