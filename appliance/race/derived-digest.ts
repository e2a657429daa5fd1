/** @module A 64-bit digest of an envelope's derived events, computed from the objects without writing their JSON: what the engine store keeps, and what replay compares. */
import type { DerivedEvent } from '../../shared/race/index.ts';

/*
 * The digest walks a value the way JSON.stringify writes it (keys in order, undefined and
 * functions left out of objects and written as null in arrays, non-finite numbers as null,
 * -0 as 0, toJSON honoured) and feeds a prefix-free token stream into two 32-bit
 * multiply-xor lanes. Two values with the same JSON text give the same digest; each step of a
 * lane is a bijection, so a single changed character always changes it.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

const T_NULL = 0x10001;
const T_TRUE = 0x10002;
const T_FALSE = 0x10003;
const T_NUMBER = 0x10004;
const T_STRING = 0x10005;
const T_ARRAY = 0x10006;
const T_OBJECT = 0x10007;
const T_END = 0x10008;
const T_SUB = 0x10009;
const T_KEY = 0x1000a;
const T_INT = 0x1000b;

const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x9747b28c | 0;

/* The two running lanes. Module-level and fed inline: this runs for every value of every event. */
let h1 = SEED_A;
let h2 = SEED_B;

function feed(x: number): void {
  h1 = Math.imul(h1 ^ x, 0x01000193);
  h2 = Math.imul(h2 ^ x, 0x5bd1e995) ^ (h2 >>> 15);
}

function feedString(s: string): void {
  let a = Math.imul(h1 ^ T_STRING, 0x01000193);
  let b = Math.imul(h2 ^ s.length, 0x5bd1e995) ^ (h2 >>> 15);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  h1 = a;
  h2 = b;
}

function feedNumber(n: number): void {
  // Equal numbers take the same branch, so this is as exact as the JSON text; -0 | 0 is 0, as JSON writes it.
  if ((n | 0) === n) {
    h1 = Math.imul(h1 ^ T_INT, 0x01000193);
    h2 = Math.imul(h2 ^ n, 0x5bd1e995) ^ (h2 >>> 15);
    return;
  }
  if (!Number.isFinite(n)) return feed(T_NULL);
  f64[0] = n;
  h1 = Math.imul(h1 ^ u32[0]!, 0x01000193);
  h2 = Math.imul(h2 ^ u32[1]!, 0x5bd1e995) ^ (h2 >>> 15);
  feed(T_NUMBER);
}

/** Two hex digits per byte, looked up: Number#toString(16) was a fifth of the digest's time. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

function hex8(n: number): string {
  return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

/** Murmur3's finaliser, so nearby states end far apart. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** An array walked through its cached element digests (board rows): set by the caller for one walk. */
let cachedArray: readonly unknown[] | null = null;
let cachedDigests: ArrayLike<number> | null = null;

/** What JSON.stringify writes for `value` in an object; false when it leaves the key out. */
function feedValue(value: unknown, key: string | number): boolean {
  // toJSON is given the key as JSON.stringify gives it (an array index as a string), made only when one is there to take it.
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') value = (value as { toJSON(k: string): unknown }).toJSON(String(key));
  switch (typeof value) {
    case 'string':
      feedString(value);
      return true;
    case 'number':
      feedNumber(value);
      return true;
    case 'boolean':
      feed(value ? T_TRUE : T_FALSE);
      return true;
    case 'object':
      if (value === null) feed(T_NULL);
      else if (Array.isArray(value)) feedArray(value);
      else feedObject(value as Record<string, unknown>);
      return true;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return false;
  }
}

function feedArray(array: readonly unknown[]): void {
  feed(T_ARRAY);
  feed(array.length);
  if (array === cachedArray) {
    // feed(T_SUB), feed(first half), feed(second half) per row, on locals: a board's rows are most of what is fed.
    const digests = cachedDigests!;
    let a = h1;
    let b = h2;
    for (let i = 0; i < array.length; i++) {
      const first = digests[2 * i]!;
      const second = digests[2 * i + 1]!;
      a = Math.imul(a ^ T_SUB, 0x01000193);
      b = Math.imul(b ^ T_SUB, 0x5bd1e995) ^ (b >>> 15);
      a = Math.imul(a ^ first, 0x01000193);
      b = Math.imul(b ^ first, 0x5bd1e995) ^ (b >>> 15);
      a = Math.imul(a ^ second, 0x01000193);
      b = Math.imul(b ^ second, 0x5bd1e995) ^ (b >>> 15);
    }
    h1 = a;
    h2 = b;
    return;
  }
  for (let i = 0; i < array.length; i++) if (!feedValue(array[i], i)) feed(T_NULL);
}

/** A key's own digest, fed in place of its characters: the same few dozen keys recur in every event. */
const keyDigests = new Map<string, number>();
const KEY_CACHE_LIMIT = 4096;

function keyDigest(key: string): number {
  let k = keyDigests.get(key);
  if (k === undefined) {
    let h = SEED_A;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    k = fmix(h ^ key.length);
    // Keys come from the engine's own types; a cap still keeps odd data from growing it.
    if (keyDigests.size < KEY_CACHE_LIMIT) keyDigests.set(key, k);
  }
  return k;
}

/**
 * The keys met so far in this walk, by their place in it. Events of one kind list the same keys
 * in the same order, so the n-th key is nearly always the one met n-th last time, and a compare
 * of the same string object stands in for a lookup in the map.
 */
type KeyTrail = { keys: string[]; digests: number[] };
let trail: KeyTrail = { keys: [], digests: [] };
let trailAt = 0;
/** One trail per kind of event (and one for board rows), so kinds that take turns do not unsettle each other. */
const trails = new Map<string, KeyTrail>();
const TRAIL_LIMIT = 64;

function useTrail(kind: string): void {
  let next = trails.get(kind);
  if (!next) {
    next = { keys: [], digests: [] };
    if (trails.size < TRAIL_LIMIT) trails.set(kind, next);
  }
  trail = next;
  trailAt = 0;
}

function feedKey(key: string): void {
  const at = trailAt++;
  let k: number;
  if (trail.keys[at] === key) k = trail.digests[at]!;
  else {
    k = keyDigest(key);
    trail.keys[at] = key;
    trail.digests[at] = k;
  }
  // feed(T_KEY) then feed(k), on locals.
  const a = Math.imul(h1 ^ T_KEY, 0x01000193);
  const b = Math.imul(h2 ^ T_KEY, 0x5bd1e995) ^ (h2 >>> 15);
  h1 = Math.imul(a ^ k, 0x01000193);
  h2 = Math.imul(b ^ k, 0x5bd1e995) ^ (b >>> 15);
}

function feedObject(object: Record<string, unknown>): void {
  feed(T_OBJECT);
  // for-in over a plain object walks V8's enum cache, far cheaper than Object.keys; engine views have no prototype but Object's.
  for (const key in object) {
    const value = object[key];
    // Strings and numbers, most of every event, are fed here rather than through feedValue's general case.
    if (typeof value === 'string') {
      feedKey(key);
      feedString(value);
    } else if (typeof value === 'number') {
      feedKey(key);
      feedNumber(value);
    } else if (value === null) {
      feedKey(key);
      feed(T_NULL);
    } else if (value !== undefined && typeof value !== 'function' && typeof value !== 'symbol') {
      // JSON leaves undefined, functions and symbols out altogether; so must the digest, or `{x: undefined}` and `{}` would differ.
      feedKey(key);
      feedValue(value, key);
    }
  }
  feed(T_END);
}

/** The digest of one value on its own, as two 32-bit halves, leaving the running digest as it was. */
function subDigest(value: unknown, out: Uint32Array | number[], at: number): void {
  const saveA = h1;
  const saveB = h2;
  const saveTrail = trail;
  const saveAt = trailAt;
  h1 = SEED_A;
  h2 = SEED_B;
  useTrail('(row)');
  if (!feedValue(value, '')) feed(T_NULL);
  out[at] = fmix(h1);
  out[at + 1] = fmix(h2 ^ 0x6a09e667);
  h1 = saveA;
  h2 = saveB;
  trail = saveTrail;
  trailAt = saveAt;
}

/** Races whose last board is kept for reuse: more than run at once on any track. */
const RECENT_RACES = 32;

/** A race's last board: its rows and their digests, two halves per row, a spare array the next board's digests are written into, and when it was last used. */
type RowsOf = { rows: readonly object[]; digests: number[]; spare: number[]; used: number };

/**
 * Digests envelopes' derived events in order. A board row is never changed once built
 * (shared/race/race-views.ts makes a new object for any change, a new position included) and a
 * practice board repeats 20-odd unchanged rows on every crossing, so each race's rows are
 * digested once and the next event of that race reuses those still in the same place.
 */
export class DerivedDigester {
  private readonly lastRows = new Map<string, RowsOf>();

  /** The last digest computed, as two 32-bit halves. */
  private hi = 0;
  private lo = 0;

  /** The digest of one envelope's derived events, as 16 hex digits. */
  digest(events: readonly DerivedEvent[]): string {
    this.compute(events);
    return this.hex();
  }

  /** The last computed digest as 16 hex digits. */
  hex(): string {
    return hex8(this.hi) + hex8(this.lo);
  }

  /** Whether `text` holds the last computed digest's 16 hex digits at `at`, compared digit by digit: replay makes no string for an envelope that matches. */
  matchesAt(text: string, at: number): boolean {
    if (at < 0 || text.length < at + 16) return false;
    for (let i = 0; i < 8; i++) {
      if (text.charCodeAt(at + i) !== HEX_CODES[(this.hi >>> (28 - 4 * i)) & 15]) return false;
      if (text.charCodeAt(at + 8 + i) !== HEX_CODES[(this.lo >>> (28 - 4 * i)) & 15]) return false;
    }
    return true;
  }

  /** Digests one envelope's derived events; read the result with `hex` or `matchesAt`. */
  compute(events: readonly DerivedEvent[]): void {
    h1 = SEED_A;
    h2 = SEED_B;
    feed(T_ARRAY);
    feed(events.length);
    for (const event of events) {
      if (event.type === 'race.updated') {
        const race = event.payload.race;
        cachedDigests = this.rowDigests(race.race_id, race.rows);
        cachedArray = race.rows;
        useTrail(race.format);
      } else useTrail(event.type);
      try {
        feedObject(event as unknown as Record<string, unknown>);
      } finally {
        cachedArray = null;
        cachedDigests = null;
      }
    }
    this.hi = fmix(h1);
    this.lo = fmix(h2 ^ 0x6a09e667);
  }

  /** Boards digested so far: a race's entry is marked with it when used, so the least recent can be dropped. */
  private uses = 0;

  /** Plain arrays of numbers: V8 keeps them unboxed, and two per race are reused (with the entry itself) rather than made per event. */
  private rowDigests(raceId: string, rows: readonly object[]): number[] {
    let last = this.lastRows.get(raceId);
    if (!last) {
      if (this.lastRows.size >= RECENT_RACES) this.dropLeastRecent();
      last = { rows: [], digests: [], spare: [], used: 0 };
      this.lastRows.set(raceId, last);
    }
    let digests = last.spare;
    if (digests.length < rows.length * 2) digests = new Array<number>(rows.length * 2).fill(0.5);
    const lastRows = last.rows;
    const lastDigests = last.digests;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (i < lastRows.length && lastRows[i] === row) {
        digests[2 * i] = lastDigests[2 * i]!;
        digests[2 * i + 1] = lastDigests[2 * i + 1]!;
      } else subDigest(row, digests, 2 * i);
    }
    last.rows = rows;
    last.spare = lastDigests;
    last.digests = digests;
    last.used = ++this.uses;
    return digests;
  }

  /** Only the boards still changing are kept, so a season's races are not held. */
  private dropLeastRecent(): void {
    let oldest: string | undefined;
    let oldestUse = Infinity;
    for (const [raceId, entry] of this.lastRows) {
      if (entry.used < oldestUse) {
        oldestUse = entry.used;
        oldest = raceId;
      }
    }
    if (oldest !== undefined) this.lastRows.delete(oldest);
  }
}
