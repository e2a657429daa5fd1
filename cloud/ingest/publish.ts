/**
 * @module One batch into JetStream: every envelope published at once to
 * `timing.ingest.raw.v1.<track_id>` with its idempotency key as Nats-Msg-Id, the PubAcks awaited
 * together under one deadline, and the answer the box moves its cursor by.
 */
import type { Envelope } from '../../shared/contracts/envelope.ts';
import { idempotencyKey } from '../../shared/contracts/idempotency.ts';
import type { IngestBatchResponse } from '../../shared/contracts/ingest.ts';
import { subjects } from '../../shared/contracts/subjects.ts';
import type { AckInbox, PublishAnswer } from './ack-inbox.ts';

/** JetStream did not acknowledge the whole batch in time: the box is told 503 and sends it again. */
export class IngestUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestUnavailable';
  }
}

/**
 * Per boot: the end of the unbroken run of seqs that starts at the lowest seq the batch carried.
 * A batch 5,6,7,9 acknowledges 7; 9 is stored too, but the cursor must not jump the gap.
 */
export function ackedPerBoot(envelopes: readonly Envelope[]): Record<string, number> {
  const seqs = new Map<string, number[]>();
  for (const { boot_id, seq } of envelopes) {
    const list = seqs.get(boot_id);
    if (list) list.push(seq);
    else seqs.set(boot_id, [seq]);
  }
  const acked: Record<string, number> = {};
  for (const [boot, list] of seqs) {
    list.sort((a, b) => a - b);
    let end = list[0]!;
    for (const seq of list) if (seq === end + 1) end = seq;
    acked[boot] = end;
  }
  return acked;
}

/** Why a batch was not stored, for the box's 503 and the log line. */
function describe(error: string): string {
  // On a cluster that is mostly a stream electing its leader after a node loss.
  if (error === 'no responders') return 'no JetStream server answered for timing.ingest.raw.v1: a cluster electing the stream\'s leader after losing a node (retry shortly), or the stream missing (`mre cloud provision`)';
  return `JetStream refused the batch: ${error}`;
}

/** The stored form of each envelope: as sent, with the cloud's ingest time. */
export function encodeBatch(envelopes: readonly Envelope[], ingestedAtUs = Date.now() * 1000): string[] {
  return envelopes.map((envelope) => JSON.stringify({ ...envelope, ingested_at_us: ingestedAtUs }));
}

/**
 * The first envelope NATS would refuse as larger than its max_payload, as a 413 message: a
 * batch that can never be stored must not be answered 503 and re-sent for ever.
 */
export function oversizedEnvelope(encoded: readonly string[], maxPayload: number): string | null {
  const index = encoded.findIndex((text) => Buffer.byteLength(text) > maxPayload);
  if (index < 0) return null;
  return `envelopes[${index}] is ${Buffer.byteLength(encoded[index]!)} bytes as stored, more than the NATS server takes in one message (max_payload ${maxPayload})`;
}

export async function publishBatch(inbox: AckInbox, envelopes: readonly Envelope[], encoded: readonly string[], timeoutMs: number): Promise<IngestBatchResponse> {
  const messages = envelopes.map((envelope, i) => ({ subject: subjects.ingestRaw(envelope.track_id), data: encoded[i]!, msgId: idempotencyKey(envelope) }));
  let answers: PublishAnswer[] | null;
  try {
    answers = await inbox.publishAll(messages, timeoutMs);
  } catch (error) {
    throw new IngestUnavailable(`NATS would not take the batch: ${(error as Error).message}`);
  }
  if (!answers) throw new IngestUnavailable(`JetStream did not acknowledge within ${timeoutMs} ms (ingest.publish_timeout_ms)`);
  let duplicate = 0;
  for (const answer of answers) {
    if (!answer.ok) throw new IngestUnavailable(describe(answer.error));
    if (answer.duplicate) duplicate++;
  }
  return { accepted: envelopes.length - duplicate, duplicate, acked: ackedPerBoot(envelopes) };
}
