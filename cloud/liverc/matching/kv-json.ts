/** @module JSON records in a KV bucket: filtered listing, and compare-and-set read-modify-write that writes only on change. */
import { isDeepStrictEqual } from 'node:util';
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { DriverMatchingError } from './records.ts';

/** A KV bucket and the manager that can list its keys in one request. */
export interface JsonBucket {
  name: string;
  kv: KV;
  jsm: JetStreamManager;
}

export interface Stored<T> {
  key: string;
  value: T;
  revision: number;
}

/** The live value of a key; a delete or purge marker reads as absent. */
export async function readJson<T>(b: JsonBucket, key: string): Promise<Stored<T> | null> {
  const entry = await b.kv.get(key);
  if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
  return { key, value: entry.json<T>(), revision: entry.revision };
}

/**
 * Keys under a NATS subject filter (`u1.*`, `*.486677.*`), sorted; deleted keys may be among them.
 * Read from the stream's subject list in one snapshot rather than `kv.keys()`: that walks a
 * consumer which, while another match rewrites keys under the same filter, can deliver a key twice
 * and never see the end of the list (reproduced with two events matched at once).
 */
export async function listKeys(b: JsonBucket, filter: string): Promise<string[]> {
  const prefix = `$KV.${b.name}.`;
  const info = await b.jsm.streams.info(`KV_${b.name}`, { subjects_filter: `${prefix}${filter}` });
  return Object.keys(info.state.subjects ?? {})
    .map((subject) => subject.slice(prefix.length))
    .sort();
}

/** Live values under a filter, by key. */
export async function listJson<T>(b: JsonBucket, filter: string): Promise<Stored<T>[]> {
  const found = await Promise.all((await listKeys(b, filter)).map((key) => readJson<T>(b, key)));
  return found.filter((s): s is Stored<T> => s !== null);
}

function isWrongLastSequence(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

const MAX_ATTEMPTS = 10;

/**
 * Reads a key, asks `change` for its next value (null deletes it) and writes it expecting the
 * revision it read (stack.md §1.3), re-reading when another writer got there first: two events
 * matched at once may both roll up the same member's link. An unchanged value is not written, so
 * a re-run leaves values and revisions exactly as they were.
 */
export async function modifyJson<T>(
  b: JsonBucket,
  key: string,
  change: (current: T | null) => T | null | Promise<T | null>,
): Promise<{ value: T | null; changed: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Read first: whatever `change` reads after this is covered by the revision check below.
    const current = await readJson<T>(b, key);
    const next = await change(current?.value ?? null);
    try {
      if (next === null) {
        if (current === null) return { value: null, changed: false };
        await b.kv.delete(key, { previousSeq: current.revision });
        return { value: null, changed: true };
      }
      if (current !== null && isDeepStrictEqual(current.value, next)) return { value: next, changed: false };
      const data = JSON.stringify(next);
      if (current === null) await b.kv.create(key, data);
      else await b.kv.update(key, data, current.revision);
      return { value: next, changed: true };
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error;
    }
  }
  throw new DriverMatchingError('contention', `${key} kept changing under ${MAX_ATTEMPTS} attempts to update it; run the match again`, key);
}
