/** @module Whether a text is exactly what JSON.stringify writes for a value, checked against the text in place: comparing a season's stored views costs no copy of them. */

/** A string JSON writes as is between its quotes: no quote, backslash, control character or surrogate (which may need escaping). */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Where `expected` ends if `text` holds it at `at` (-1: not, or `at` is already -1). */
export function literalAt(text: string, at: number, expected: string): number {
  return at >= 0 && text.startsWith(expected, at) ? at + expected.length : -1;
}

/** Where JSON's text of the string `s` ends if `text` holds it at `at`, or -1. */
export function jsonStringAt(text: string, at: number, s: string): number {
  if (at < 0) return -1;
  if (!plain(s)) return literalAt(text, at, JSON.stringify(s));
  if (text.charCodeAt(at) !== 0x22 || !text.startsWith(s, at + 1) || text.charCodeAt(at + 1 + s.length) !== 0x22) return -1;
  return at + s.length + 2;
}

/** Where JSON's text of the number `n` ends if `text` holds it at `at`, or -1. */
export function jsonNumberAt(text: string, at: number, n: number): number {
  if (at < 0) return -1;
  if (!Number.isFinite(n)) return literalAt(text, at, 'null');
  if (!Number.isSafeInteger(n)) return literalAt(text, at, String(n));
  if (n < 0) {
    if (text.charCodeAt(at) !== 0x2d) return -1;
    at++;
    n = -n;
  }
  // A safe integer is written as its digits with no leading zero: read them in place.
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

/** JSON leaves these out of objects and writes null for them in arrays. */
const omitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

function resolve(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON(k: string): unknown }).toJSON(key);
  return value;
}

/** Where the value's JSON ends if `text` holds it at `at`, or -1. `value` is resolved (toJSON applied) and not omitted. */
function match(value: unknown, text: string, at: number): number {
  switch (typeof value) {
    case 'string':
      return jsonStringAt(text, at, value);
    case 'number':
      return jsonNumberAt(text, at, value);
    case 'boolean':
      return literalAt(text, at, value ? 'true' : 'false');
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      break;
  }
  if (value === null) return literalAt(text, at, 'null');
  if (Array.isArray(value)) {
    at = literalAt(text, at, '[');
    for (let i = 0; i < value.length && at >= 0; i++) {
      if (i > 0) at = literalAt(text, at, ',');
      const item = resolve(value[i], String(i));
      if (at >= 0) at = omitted(item) ? literalAt(text, at, 'null') : match(item, text, at);
    }
    return at < 0 ? -1 : literalAt(text, at, ']');
  }
  at = literalAt(text, at, '{');
  let first = true;
  for (const key of Object.keys(value as object)) {
    const item = resolve((value as Record<string, unknown>)[key], key);
    if (omitted(item)) continue;
    if (!first) at = literalAt(text, at, ',');
    first = false;
    if (at >= 0) at = jsonStringAt(text, at, key);
    if (at >= 0) at = literalAt(text, at, ':');
    if (at >= 0) at = match(item, text, at);
    if (at < 0) return -1;
  }
  return at < 0 ? -1 : literalAt(text, at, '}');
}

/**
 * `JSON.stringify(value) === text`, without writing the JSON: the text is walked alongside the
 * value (strings JSON would escape and numbers other than safe integers are written one by one).
 * Cyclic values are not supported (JSON.stringify throws on them; this would not end).
 */
export function matchesJsonText(value: unknown, text: string): boolean {
  const resolved = resolve(value, '');
  if (omitted(resolved)) return false;
  return match(resolved, text, 0) === text.length;
}
