/** @module Reads over the envelope log: latest passings, envelopes after a cursor, whether a passing is held. */
import type { Level } from 'level';
import type { Envelope } from '../../shared/contracts/index.ts';
import type { EnvelopeLog } from './envelope-log.ts';
import { ENVELOPE_RANGE, envelopeKey, lsnOfKey, PASSING_BY_LSN_RANGE, passingKey } from './keys.ts';
import type { StoredEnvelope } from './types.ts';

/** The latest PASSING envelopes, newest first. */
export async function recentPassings(log: EnvelopeLog, limit: number): Promise<Envelope[]> {
  const keys = await log.db.keys({ ...PASSING_BY_LSN_RANGE, reverse: true, limit }).all();
  const values = await log.db.getMany(keys.map((k) => envelopeKey(lsnOfKey(k))));
  return values.filter((v): v is string => v !== undefined).map((v) => JSON.parse(v) as Envelope);
}

/** Envelopes with lsn > `after`, in log order (what the cloud sync sends next). */
export async function readAfter(log: EnvelopeLog, after: number, limit: number): Promise<StoredEnvelope[]> {
  const out: StoredEnvelope[] = [];
  for await (const [key, value] of log.db.iterator({ gt: envelopeKey(after), lt: ENVELOPE_RANGE.lt, limit })) {
    out.push({ lsn: lsnOfKey(key), envelope: JSON.parse(value) as Envelope });
  }
  return out;
}

export async function hasPassing(log: EnvelopeLog, decoderId: number, passingNumber: number): Promise<boolean> {
  return log.db.has(passingKey(decoderId, passingNumber));
}

/** The iterator's entries a batch at a time; the next batch is read (on LevelDB's thread) while the caller works on this one. */
export async function* prefetchedBatches<K, V>(iterator: { nextv(size: number): Promise<[K, V][]>; close(): Promise<void> }, size: number): AsyncGenerator<[K, V][]> {
  let next = iterator.nextv(size);
  try {
    for (;;) {
      const entries = await next;
      if (entries.length === 0) return;
      next = iterator.nextv(size);
      yield entries;
    }
  } finally {
    // A caller that stops early leaves a read in flight; it must settle before the iterator closes.
    await next.catch(() => undefined);
    await iterator.close();
  }
}

/** Envelopes after `after` in log order, a batch at a time, parsed in bulk: replaying a season must not pay an await per envelope. */
export async function* envelopeBatches(db: Level<string, string>, after = 0, size = 1000): AsyncGenerator<StoredEnvelope[]> {
  for await (const entries of prefetchedBatches(db.iterator({ gt: envelopeKey(after), lt: ENVELOPE_RANGE.lt }), size)) {
    const batch: StoredEnvelope[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) batch[i] = { lsn: lsnOfKey(entries[i]![0]), envelope: JSON.parse(entries[i]![1]) as Envelope };
    yield batch;
  }
}
