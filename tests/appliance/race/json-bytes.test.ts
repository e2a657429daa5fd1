/** @module The archived-view matcher: equal exactly when the stored bytes are JSON.stringify's UTF-8 of the value, however the value is taken apart. */
import { expect, it } from 'vitest';
import { JsonBytesMatcher } from '../../../appliance/race/json-bytes.ts';

const utf8 = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));

/** Values with everything JSON.stringify treats specially, at every depth the matcher splits at and beyond. */
function values(): unknown[] {
  const lap = (i: number) => ({ lap: i, lap_ms: 15_000 + i, at_us: 1_704_000_000_000_000 + i, flags: i % 3 === 0 ? undefined : 0, name: i % 7 === 0 ? 'Zoë 🏁 "quoted" \\ back' : `#${i}` });
  const sparse: unknown[] = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
  return [
    { race: { race_id: 'practice', rows: [lap(1), lap(2)] }, laps: { '300001': Array.from({ length: 1_423 }, (_, i) => lap(i)), '300002': [] }, passings: Array.from({ length: 200 }, (_, i) => [i, undefined, () => 1, Symbol('s'), null]) },
    { when: new Date(1_704_000_000_000), boxed: [new Number(3), new String('x'), new Boolean(false)], skip: undefined, fn: () => 1, sym: Symbol('s'), nan: NaN, inf: -Infinity, zero: -0 },
    { 2: 'b', 1: 'a', z: { y: { x: { w: { v: [1, [2, [3, [4]]]] } } } }, '': 'empty key', 'é"\n': 'odd key' },
    { long: Array.from({ length: 130 }, (_, i) => (i % 2 ? undefined : { i })), sparse, bare, nested: [[], {}, [[]], [{}]] },
    { toJSON: () => ({ replaced: true }) },
    Array.from({ length: 65 }, (_, i) => i),
    [],
    'a string',
    42,
    null,
  ];
}

it('json bytes - matches exactly the bytes JSON.stringify writes for views of every shape', () => {
  const matcher = new JsonBytesMatcher();
  for (const value of values()) expect(matcher.matches(value, utf8(value))).toBe(true);
});

it('json bytes - any changed, missing or extra byte, or no stored record at all, is not a match', () => {
  const matcher = new JsonBytesMatcher();
  for (const value of values()) {
    const bytes = utf8(value);
    for (const at of new Set([0, 1, bytes.length >> 2, bytes.length >> 1, bytes.length - 2, bytes.length - 1].filter((i) => i >= 0))) {
      const changed = bytes.slice();
      changed[at] = changed[at]! ^ 0x01;
      expect(matcher.matches(value, changed)).toBe(false);
    }
    expect(matcher.matches(value, bytes.subarray(0, bytes.length - 1))).toBe(false);
    expect(matcher.matches(value, new Uint8Array([...bytes, 0x20]))).toBe(false);
    expect(matcher.matches(value, undefined)).toBe(false);
  }
  // A stored record that is a whole different view, and one where the rebuilt view says more.
  expect(matcher.matches({ a: [1, 2, 3] }, utf8({ a: [1, 2] }))).toBe(false);
  expect(matcher.matches({ a: [1, 2] }, utf8({ a: [1, 2, 3] }))).toBe(false);
  expect(matcher.matches(undefined, utf8(null))).toBe(false);
});
