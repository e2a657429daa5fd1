/**
 * @module Whether stored bytes are exactly `JSON.stringify(value)`'s UTF-8, without building that
 * text: an archived practice is 8 MB of JSON, and V8 hands a text that long back as a rope of
 * parts that must be copied flat (fresh pages for every copy) before it can be compared, which
 * cost twenty times the compare. The value is written a small piece at a time instead, each piece
 * by JSON.stringify itself, and each compared as it is written.
 */

/** Objects and arrays nearer the top than this are taken apart; deeper ones are one piece each. */
const SPLIT_DEPTH = 3;
/** Long arrays are written this many elements a piece (a few kilobytes of JSON). */
const SLICE = 64;

export class JsonBytesMatcher {
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private stored: Uint8Array = new Uint8Array(0);
  private at = 0;

  /** Whether `stored` is byte for byte the UTF-8 of `JSON.stringify(value)`. */
  matches(value: unknown, stored: Uint8Array | undefined): boolean {
    if (stored === undefined) return false;
    this.stored = stored;
    this.at = 0;
    const equal = this.value(value, 0) && this.at === stored.byteLength;
    this.stored = new Uint8Array(0);
    return equal;
  }

  /** Compares `text` without its first `trim` and last `trim` characters (an array slice's brackets) with the stored bytes that come next. */
  private piece(text: string, trim = 0): boolean {
    const left = this.stored.byteLength - this.at;
    // Room for one whole character more than is left: a longer text then writes more than is left, never a cut-off copy of it.
    const room = Math.min(text.length * 3, left + 4 + trim * 2);
    if (this.scratch.length < room) this.scratch = Buffer.allocUnsafe(Math.max(room, this.scratch.length * 2));
    const written = this.scratch.write(text, 0, room, 'utf8');
    const length = written - trim * 2;
    if (length > left) return false;
    if (Buffer.compare(this.scratch.subarray(trim, trim + length), this.stored.subarray(this.at, this.at + length)) !== 0) return false;
    this.at += length;
    return true;
  }

  private value(value: unknown, depth: number): boolean {
    if (Array.isArray(value) && depth < SPLIT_DEPTH) return this.array(value, depth);
    if (depth < SPLIT_DEPTH && plainObject(value)) return this.object(value, depth);
    // Anything else (a leaf, a deep value, a Date or other object with toJSON, a boxed primitive) is JSON.stringify's own piece.
    const text = JSON.stringify(value);
    return text !== undefined && this.piece(text);
  }

  private array(items: readonly unknown[], depth: number): boolean {
    if (!this.piece('[')) return false;
    if (items.length > SLICE) {
      for (let i = 0; i < items.length; i += SLICE) {
        // A slice's JSON is its elements' with brackets round them; elements JSON leaves out are written as null in both.
        if ((i > 0 && !this.piece(',')) || !this.piece(JSON.stringify(items.slice(i, i + SLICE)), 1)) return false;
      }
    } else {
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (i > 0 && !this.piece(',')) return false;
        if (!(omitted(item) ? this.piece('null') : this.value(item, depth + 1))) return false;
      }
    }
    return this.piece(']');
  }

  private object(record: Record<string, unknown>, depth: number): boolean {
    if (!this.piece('{')) return false;
    let first = true;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (omitted(item)) continue;
      if (!this.piece(`${first ? '' : ','}${JSON.stringify(key)}:`) || !this.value(item, depth + 1)) return false;
      first = false;
    }
    return this.piece('}');
  }
}

/** An object JSON.stringify writes key by key: no toJSON of its own, not a boxed primitive. */
function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';
