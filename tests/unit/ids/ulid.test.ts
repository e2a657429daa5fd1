/** @module Unit tests for ULID generation (`ulid`, `ulidFactory`), ULID_PATTERN and `ulidTime`. */
import { describe, expect, it } from 'vitest';
import { ulid, ulidFactory, ulidTime, ULID_PATTERN } from '../../../shared/ids/index.ts';

const FIXED_MS = 1_717_171_717_171;
const MAX_TIME = 2 ** 48 - 1;

describe('ulid', () => {
  it('ulid - is 26 characters matching ULID_PATTERN', () => {
    for (let i = 0; i < 100; i++) {
      const id = ulid();
      expect(id).toHaveLength(26);
      expect(id).toMatch(ULID_PATTERN);
    }
  });

  it('ulid - uses only Crockford base32 (no I, L, O, U, no lowercase)', () => {
    const ids = Array.from({ length: 500 }, () => ulid()).join('');
    expect(ids).toMatch(/^[0-9A-HJKMNP-TV-Z]+$/);
  });

  it('ulid - ULID_PATTERN refuses lowercase, wrong length, excluded letters and time overflow', () => {
    const good = ulid();
    expect(ULID_PATTERN.test(good)).toBe(true);
    expect(ULID_PATTERN.test(good.toLowerCase())).toBe(false);
    expect(ULID_PATTERN.test(good.slice(1))).toBe(false);
    expect(ULID_PATTERN.test(good + 'A')).toBe(false);
    for (const ch of ['I', 'L', 'O', 'U']) expect(ULID_PATTERN.test(good.slice(0, 25) + ch)).toBe(false);
    expect(ULID_PATTERN.test('8' + good.slice(1))).toBe(false);
  });

  it('ulid - the default generator stamps the current time', () => {
    const before = Date.now();
    const id = ulid();
    const after = Date.now();
    expect(ulidTime(id)).toBeGreaterThanOrEqual(before);
    expect(ulidTime(id)).toBeLessThanOrEqual(after);
  });

  it('ulid - ids from the shared generator strictly increase', () => {
    const ids = Array.from({ length: 2000 }, () => ulid());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('ulid - ulidTime recovers the injected time', () => {
    const next = ulidFactory(() => FIXED_MS);
    const id = next();
    expect(id).toMatch(ULID_PATTERN);
    expect(ulidTime(id)).toBe(FIXED_MS);
  });

  it.each([
    { label: 'zero', ms: 0, prefix: '0000000000' },
    { label: 'one', ms: 1, prefix: '0000000001' },
    { label: '32', ms: 32, prefix: '0000000010' },
    { label: 'the largest 48-bit time', ms: MAX_TIME, prefix: '7ZZZZZZZZZ' },
  ])('ulid - encodes the time $label as $prefix and decodes it back', ({ ms, prefix }) => {
    const id = ulidFactory(() => ms)();
    expect(id.slice(0, 10)).toBe(prefix);
    expect(id).toMatch(ULID_PATTERN);
    expect(ulidTime(id)).toBe(ms);
  });

  it('ulid - time prefix sorts in time order', () => {
    const times = [0, 1, 31, 32, 1_000, 1_700_000_000_000, FIXED_MS, MAX_TIME];
    const ids = times.map((t) => ulidFactory(() => t)());
    expect([...ids].sort()).toEqual(ids);
  });

  it('ulid - 10,000 ids made within one millisecond strictly increase and are unique', () => {
    const next = ulidFactory(() => FIXED_MS);
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    for (const id of ids) {
      expect(id).toMatch(ULID_PATTERN);
      expect(ulidTime(id)).toBe(FIXED_MS);
    }
  });

  it('ulid - within one millisecond the next id is the previous random part plus one', () => {
    const next = ulidFactory(() => FIXED_MS);
    const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const toBig = (id: string) => [...id.slice(10)].reduce((n, ch) => n * 32n + BigInt(ALPHABET.indexOf(ch)), 0n);
    let previous = next();
    for (let i = 0; i < 1000; i++) {
      const id = next();
      expect(toBig(id)).toBe(toBig(previous) + 1n);
      previous = id;
    }
  });

  it('ulid - a new millisecond starts a fresh random part', () => {
    let now = FIXED_MS;
    const next = ulidFactory(() => now);
    const first = next();
    now += 1;
    const second = next();
    expect(ulidTime(second)).toBe(FIXED_MS + 1);
    expect(second > first).toBe(true);
    // Two independent 80-bit draws are equal with probability 2^-80.
    expect(second.slice(10)).not.toBe(first.slice(10));
  });

  it('ulid - a clock that goes backwards still yields increasing ids', () => {
    const clock = [FIXED_MS, FIXED_MS - 1, FIXED_MS - 1000, FIXED_MS - 86_400_000, FIXED_MS, FIXED_MS - 5, FIXED_MS + 10, FIXED_MS + 3];
    let i = 0;
    const next = ulidFactory(() => clock[Math.min(i++, clock.length - 1)]!);
    const ids = clock.map(() => next());
    expect(new Set(ids).size).toBe(ids.length);
    for (let k = 1; k < ids.length; k++) expect(ids[k]! > ids[k - 1]!).toBe(true);
    // Time never goes back in the ids: it holds at the latest time seen.
    expect(ids.map((id) => ulidTime(id))).toEqual([
      FIXED_MS, FIXED_MS, FIXED_MS, FIXED_MS, FIXED_MS, FIXED_MS, FIXED_MS + 10, FIXED_MS + 10,
    ]);
  });

  it('ulid - two generators in the same millisecond give different ids', () => {
    const a = ulidFactory(() => FIXED_MS)();
    const b = ulidFactory(() => FIXED_MS)();
    expect(a).not.toBe(b);
    expect(a.slice(0, 10)).toBe(b.slice(0, 10));
  });

  it.each([
    { label: 'an empty string', value: '' },
    { label: 'plain text', value: 'not a ulid' },
    { label: 'a lowercase ULID', value: '01hzx3j8q4v6n2b7c9d0e1f2g3' },
    { label: 'a 25-character string', value: '01HZX3J8Q4V6N2B7C9D0E1F2G' },
    { label: 'a 27-character string', value: '01HZX3J8Q4V6N2B7C9D0E1F2G34' },
    { label: 'a string with U', value: '01HZX3J8Q4V6N2B7C9D0E1F2GU' },
    { label: 'a time past 48 bits', value: '81HZX3J8Q4V6N2B7C9D0E1F2G3' },
    { label: 'a ULID with surrounding spaces', value: ' 01HZX3J8Q4V6N2B7C9D0E1F2G3 ' },
  ])('ulid - ulidTime refuses $label', ({ value }) => {
    expect(() => ulidTime(value)).toThrow(RangeError);
  });

  it('ulid - ulidTime quotes the refused value', () => {
    expect(() => ulidTime('garbage')).toThrow(/"garbage" is not a ULID/);
  });

  it('ulid - ulidTime decodes a known ULID', () => {
    // The ulid reference implementation's decodeTime example: 01ARYZ6S41… is 1469918176385 ms.
    expect(ulidTime('01ARYZ6S41TSV4RRFFQ69G5FAV')).toBe(1_469_918_176_385);
  });
});
