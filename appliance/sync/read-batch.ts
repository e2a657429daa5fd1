/**
 * @module The next batch to send: envelopes after the sync cursor, in lsn order, at most
 * `maxEnvelopes` and `maxBytes` of JSON, sent exactly as the log stored them (no re-encoding).
 */
import { envelopeKey, lsnOfKey } from '../log/keys.ts';
import type { EnvelopeLog } from '../log/index.ts';
import type { Envelope } from '../../shared/contracts/envelope.ts';
import { INGEST_MAX_BODY_BYTES } from '../../shared/contracts/ingest.ts';

/** Well under the cloud's 1 MiB body limit, leaving room for a proxy's headers and a contract that grows. */
export const MAX_BATCH_BYTES = Math.floor(INGEST_MAX_BODY_BYTES * 0.75);

/** What the loop needs of each envelope sent: where it sits in the log and how the cloud acknowledges it. */
export interface SentRef {
  lsn: number;
  boot_id: string;
  seq: number;
  captured_at_us: number;
}

export interface OutgoingBatch {
  refs: SentRef[];
  /** `{"envelopes":[…]}`, ready to POST. */
  body: string;
}

const OPEN = '{"envelopes":[';
const CLOSE = ']}';

export async function readBatch(log: EnvelopeLog, afterLsn: number, maxEnvelopes: number, maxBytes = MAX_BATCH_BYTES): Promise<OutgoingBatch> {
  // Never past what the log reports durable: the cursor may not move beyond it.
  const lastLsn = log.stats().last_lsn;
  const refs: SentRef[] = [];
  const parts: string[] = [];
  let bytes = OPEN.length + CLOSE.length;
  if (lastLsn <= afterLsn) return { refs, body: OPEN + CLOSE };
  for await (const [key, value] of log.db.iterator({ gt: envelopeKey(afterLsn), lte: envelopeKey(lastLsn), limit: maxEnvelopes })) {
    const size = Buffer.byteLength(value) + (parts.length > 0 ? 1 : 0);
    // The first envelope goes whatever its size: alone, the cloud says whether it can ever be taken.
    if (parts.length > 0 && bytes + size > maxBytes) break;
    const { boot_id, seq, captured_at_us } = JSON.parse(value) as Envelope;
    refs.push({ lsn: lsnOfKey(key), boot_id, seq, captured_at_us });
    parts.push(value);
    bytes += size;
  }
  return { refs, body: OPEN + parts.join(',') + CLOSE };
}

/**
 * How many envelopes at the head of the batch the cloud acknowledged: it says, per boot, the
 * highest seq of an unbroken run from the lowest it received; the cursor moves only over
 * the batch's prefix that lies inside those runs, so nothing unacknowledged is skipped.
 */
export function acknowledgedPrefix(refs: readonly SentRef[], acked: Readonly<Record<string, number>>): number {
  let count = 0;
  for (const ref of refs) {
    const upTo = acked[ref.boot_id];
    if (upTo === undefined || ref.seq > upTo) break;
    count++;
  }
  return count;
}
