/** @module Pruning: synced envelopes older than the retention age are deleted; nothing past the sync cursor ever is. */
import type { Envelope } from '../../shared/contracts/index.ts';
import type { EnvelopeLog } from './envelope-log.ts';
import { ENVELOPE_RANGE, envelopeKey, lsnOfKey, passingByLsnKey, passingKey } from './keys.ts';
import { withoutLsn } from './passing-index.ts';
import type { BatchOp } from './types.ts';

type Batch = BatchOp[];

/** Deletes synced envelopes captured before `olderThanUs`; returns how many went. */
export async function pruneSynced(log: EnvelopeLog, olderThanUs: number, chunk = 1000): Promise<number> {
  let removed = 0;
  for (;;) {
    // Index values are read and rewritten here: the writer must not change them in between.
    const { count, more } = await log.exclusive(() => pruneChunk(log, olderThanUs, chunk));
    removed += count;
    if (!more) return removed;
  }
}

async function pruneChunk(log: EnvelopeLog, olderThanUs: number, chunk: number): Promise<{ count: number; more: boolean }> {
  const ops: Batch = [];
  /** Index values changed in this chunk: one number can hold passings of several counting epochs. */
  const index = new Map<string, string | undefined>();
  let reachedNewer = false;
  // Log order is capture order, so the first envelope too young to prune ends the walk.
  for await (const [key, value] of log.db.iterator({ gt: ENVELOPE_RANGE.gt, lte: envelopeKey(log.syncCursor), limit: chunk })) {
    const envelope = JSON.parse(value) as Envelope;
    if (envelope.captured_at_us >= olderThanUs) {
      reachedNewer = true;
      break;
    }
    const lsn = lsnOfKey(key);
    ops.push({ type: 'del', key });
    const record = envelope.payload.record as { decoder_id?: number; passing_number?: number } | undefined;
    if (envelope.message_type === 'PASSING' && record?.decoder_id !== undefined && record.passing_number !== undefined) {
      const key = passingKey(record.decoder_id, record.passing_number);
      index.set(key, withoutLsn(index.has(key) ? index.get(key) : await log.db.get(key), lsn));
      ops.push({ type: 'del', key: passingByLsnKey(lsn) });
    }
  }
  for (const [key, value] of index) ops.push(value === undefined ? { type: 'del', key } : { type: 'put', key, value });
  if (ops.length === 0) return { count: 0, more: false };
  await log.db.batch(ops, { sync: true });
  return { count: ops.filter((op) => op.key.startsWith('e!')).length, more: !reachedNewer };
}
