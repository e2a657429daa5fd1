/** @module Derived events to JSON text, exactly as JSON.stringify writes them, reusing each board row's text across the events that repeat it. */
import type { DerivedEvent } from '../../shared/race/index.ts';

/**
 * A row is never changed once built (shared/race/race-views.ts makes a new object for any
 * change), so its text can be kept by identity. A practice board repeats 20-odd unchanged rows
 * on every crossing: a race day's race.updated events are 150 MB of JSON, mostly those rows.
 */
const rowText = new WeakMap<object, string>();
/** Stands in for the rows while the rest of the event is written; JSON escapes it to a text no rider name can spell unescaped. */
const HOLE = '\u0000mre-rows\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

/** An event's JSON in three parts, `${head}[${rows.join(',')}]${tail}`: compared in place, it never has to be built. */
export interface DerivedText {
  head: string;
  rows: string[];
  tail: string;
}

function rowsJson(rows: readonly object[]): string[] {
  const parts: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let json = rowText.get(row);
    if (json === undefined) {
      json = JSON.stringify(row);
      rowText.set(row, json);
    }
    parts[i] = json;
  }
  return parts;
}

export function derivedText(event: DerivedEvent): DerivedText | string {
  if (event.type !== 'race.updated') return JSON.stringify(event);
  const race = event.payload.race;
  // Spreading keeps the key order, and replacing `rows` keeps its place.
  const shell = JSON.stringify({ ...event, payload: { ...event.payload, race: { ...race, rows: HOLE } } });
  const at = shell.indexOf(HOLE_JSON);
  if (at < 0 || shell.indexOf(HOLE_JSON, at + 1) >= 0) return JSON.stringify(event);
  return { head: shell.slice(0, at), rows: rowsJson(race.rows), tail: shell.slice(at + HOLE_JSON.length) };
}

/** `JSON.stringify(event)`, byte for byte. */
export function derivedJson(event: DerivedEvent): string {
  const text = derivedText(event);
  // One join writes one flat string: a chain of `+` leaves a rope that costs more to flatten than JSON.stringify did.
  return typeof text === 'string' ? text : `${text.head}[${text.rows.join(',')}]${text.tail}`;
}

/** Whether `stored` is exactly the event's text, compared piece by piece where it lies. */
export function sameText(text: DerivedText | string, stored: string): boolean {
  if (typeof text === 'string') return text === stored;
  const { head, rows, tail } = text;
  let length = head.length + tail.length + 2 + Math.max(0, rows.length - 1);
  for (const row of rows) length += row.length;
  if (stored.length !== length || stored.slice(0, head.length) !== head) return false;
  let at = head.length;
  if (stored.charCodeAt(at++) !== 0x5b) return false;
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && stored.charCodeAt(at++) !== 0x2c) return false;
    // A slice shares the stored text (no copy); === then compares the bytes.
    const row = rows[i]!;
    if (stored.slice(at, at + row.length) !== row) return false;
    at += row.length;
  }
  return stored.charCodeAt(at) === 0x5d && stored.slice(at + 1) === tail;
}
