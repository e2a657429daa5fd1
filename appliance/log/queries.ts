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

/**
 * The bytes one batch of a bulk read may hold. LevelDB's iterator stops a batch at 16 KiB unless
 * told otherwise: some 40 envelopes, where a replay asks for a thousand and pays a round trip to
 * LevelDB's thread for each short batch.
 */
export const BATCH_READ_BYTES = 1024 * 1024;

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

const TYPE_FIELD = '"message_type":"';

/** The last type read, reused while the next text has the same one: a log is long runs of a few types, and this makes no string per envelope. */
let lastType = '';

/**
 * The stored text's message type, read without parsing: the log writes the envelope's fields in
 * the contract's order and every field before message_type is a token or a number, so the first
 * occurrence is the envelope's own. Undefined when it is not found (parse the whole text then).
 */
function storedMessageType(text: string): string | undefined {
  const at = text.indexOf(TYPE_FIELD);
  if (at < 0) return undefined;
  const start = at + TYPE_FIELD.length;
  if (text.startsWith(lastType, start) && text.charCodeAt(start + lastType.length) === 0x22) return lastType;
  const end = text.indexOf('"', start);
  if (end < 0) return undefined;
  lastType = text.slice(start, end);
  return lastType;
}

/** One shared stand-in per type the engine does not read: only its type is ever looked at. */
const typeOnly = new Map<string, Envelope>();
const TYPE_ONLY_LIMIT = 64;

function typeOnlyEnvelope(type: string): Envelope {
  let envelope = typeOnly.get(type);
  if (!envelope) {
    envelope = Object.freeze({ message_type: type }) as Envelope;
    // Types come from the log's own contract; the cap keeps an odd log from growing it.
    if (typeOnly.size < TYPE_ONLY_LIMIT) typeOnly.set(type, envelope);
  }
  return envelope;
}

/**
 * Envelopes after `after` in log order, a batch at a time, parsed in bulk: replaying a season must
 * not pay an await per envelope. With `parseOnly`, an envelope of any other type comes back as its
 * `message_type` alone: a replay into the engine need not parse the decoder's STATUS records,
 * a third of a race day's log, that the engine never reads.
 */
export async function* envelopeBatches(db: Level<string, string>, after = 0, size = 1000, parseOnly?: ReadonlySet<string>): AsyncGenerator<StoredEnvelope[]> {
  for await (const entries of prefetchedBatches(db.iterator({ gt: envelopeKey(after), lt: ENVELOPE_RANGE.lt, highWaterMarkBytes: BATCH_READ_BYTES }), size)) {
    const batch: StoredEnvelope[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const [key, text] = entries[i]!;
      const type = parseOnly ? storedMessageType(text) : undefined;
      const envelope = type === undefined || parseOnly!.has(type) ? (JSON.parse(text) as Envelope) : typeOnlyEnvelope(type);
      batch[i] = { lsn: lsnOfKey(key), envelope };
    }
    yield batch;
  }
}
