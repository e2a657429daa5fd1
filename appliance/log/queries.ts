/** @module Reads over the envelope log: latest passings, envelopes after a cursor, whether a passing is held. */
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
