/** @module The record the engine store keeps for one envelope's derived events: built and written as JSON, and matched in place by replay without parsing it. */
import type { DerivedEvent } from '../../shared/race/index.ts';
import type { DerivedDigester } from './derived-digest.ts';

/**
 * What the store keeps of one envelope's derived events: nothing is ever served from them, they
 * only prove that the store equals a rebuild from the log, so a digest does (and a race day is
 * 3 MB of these, not 160 MB of race views written to an SD card).
 */
export interface StoredDerived {
  lsn: number;
  /** The latest `at_us` among them: pruning goes by it. */
  at_us: number;
  events: number;
  types: string[];
  /** DerivedDigester's digest of the events, in order. */
  digest: string;
}

/** The record kept for one envelope's derived events. */
export function derivedRecord(lsn: number, events: readonly DerivedEvent[], digest: string): StoredDerived {
  return { lsn, at_us: latestAtUs(events), events: events.length, types: events.map((e) => e.type), digest };
}

function latestAtUs(events: readonly DerivedEvent[]): number {
  let atUs = events[0]!.at_us;
  for (const e of events) if (e.at_us > atUs) atUs = e.at_us;
  return atUs;
}

/** The stored text of a record (the lsn is its key). */
export const recordText = ({ at_us, events, types, digest }: StoredDerived): string => JSON.stringify({ at_us, events, types, digest });

/** A stored record read back, its text kept for showing a difference. */
export function parseDerivedEntry([key, value]: readonly [string, string]): StoredDerived & { text: string } {
  const { at_us, events, types, digest } = JSON.parse(value) as Omit<StoredDerived, 'lsn'>;
  return { lsn: lsnOfDerivedKey(key), at_us, events, types, digest, text: value };
}

/** The lsn a record's key (`h!` and 16 digits) names, read without slicing it. */
export function lsnOfDerivedKey(key: string): number {
  let lsn = 0;
  for (let i = 2; i < key.length; i++) lsn = lsn * 10 + key.charCodeAt(i) - 48;
  return lsn;
}

/** Where `expected` ends if `text` holds it at `at` (-1: not, or `at` is already -1). */
function literalAt(text: string, at: number, expected: string): number {
  return at >= 0 && text.startsWith(expected, at) ? at + expected.length : -1;
}

/** Where JSON's text of the string `s` ends if `text` holds it at `at`, or -1. */
function jsonStringAt(text: string, at: number, s: string): number {
  if (at < 0 || text.charCodeAt(at) !== 0x22) return -1;
  let j = at + 1;
  for (let i = 0; i < s.length; i++, j++) {
    const c = s.charCodeAt(i);
    // Up to here JSON wrote each character as it is; from one it may escape (a quote, a backslash, a control character, a surrogate), compare JSON's own text.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return literalAt(text, at, JSON.stringify(s));
    if (text.charCodeAt(j) !== c) return -1;
  }
  return text.charCodeAt(j) === 0x22 ? j + 1 : -1;
}

/** Where JSON's text of the number `n` ends if `text` holds it at `at`, or -1. */
function jsonNumberAt(text: string, at: number, n: number): number {
  if (at < 0) return -1;
  if (!Number.isSafeInteger(n) || n < 0) return literalAt(text, at, JSON.stringify(n));
  // Digits read in place, no leading zero: the one way JSON writes a non-negative safe integer.
  let value = 0;
  let i = at;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    if (i > at && value === 0) return -1;
    value = value * 10 + d;
  }
  return i > at && value === n ? i : -1;
}

function typesAt(text: string, at: number, events: readonly DerivedEvent[]): number {
  at = literalAt(text, at, ',"types":[');
  for (let i = 0; i < events.length && at >= 0; i++) {
    if (i > 0) at = literalAt(text, at, ',');
    at = jsonStringAt(text, at, events[i]!.type);
  }
  return literalAt(text, at, ']');
}

/**
 * Whether `text` is exactly the record the store would write for these events, whose digest
 * `digester` has just computed: what `recordText(derivedRecord(...))` gives, checked piece by
 * piece, so replay neither parses the stored record nor builds the expected one. A record that
 * differs anywhere (its time, its types, its digest, a stray byte) does not match.
 */
export function matchesRecordText(text: string, events: readonly DerivedEvent[], digester: DerivedDigester): boolean {
  if (text.length === 0 || events.length === 0) return false;
  let at = jsonNumberAt(text, literalAt(text, 0, '{"at_us":'), latestAtUs(events));
  at = jsonNumberAt(text, literalAt(text, at, ',"events":'), events.length);
  at = literalAt(text, typesAt(text, at, events), ',"digest":"');
  if (at < 0 || !digester.matchesAt(text, at)) return false;
  return at + 18 === text.length && text.endsWith('"}');
}
