/** @module Unit tests for ULID monotonic increments with a controlled random source (carry and overflow). */
import { beforeEach, describe, expect, it } from 'vitest';
import { ulidFactory as realFactory, ulidTime, ULID_PATTERN } from '../../../shared/ids/ulid.ts';

const random = { bytes: Buffer.alloc(10) };
/** The generator under test, fed the random bytes each test sets. */
const ulidFactory = (now: () => number) => realFactory(now, (size) => Buffer.from(random.bytes.subarray(0, size)));

const MS = 1_600_000_000_000;

describe('ulid with a fixed random source', () => {
  beforeEach(() => {
    random.bytes = Buffer.alloc(10);
  });

  it('ulid - all-zero random bits encode as sixteen zeros', () => {
    const id = ulidFactory(() => MS)();
    expect(id.slice(10)).toBe('0'.repeat(16));
  });

  it('ulid - the 80 random bits map onto the 16 base32 digits in order', () => {
    // FF 00 FF 00 … read as one 80-bit big-endian number, cut into 5-bit digits from the top:
    // 11111 11100 00000 01111 11110 00000 00111 11111 00000 00011 11111 10000 00001 11111 11000 00000
    random.bytes = Buffer.from([0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00]);
    const id = ulidFactory(() => MS)();
    expect(id.slice(10)).toBe('ZW0FY07Z03ZG1ZR0');
  });

  it('ulid - incrementing carries into the next digit', () => {
    random.bytes = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1f]);
    const next = ulidFactory(() => MS);
    const first = next();
    const second = next();
    expect(first.slice(10)).toBe('000000000000000Z');
    expect(second.slice(10)).toBe('0000000000000010');
    expect(second > first).toBe(true);
    expect(ulidTime(second)).toBe(MS);
  });

  it('ulid - incrementing carries across a run of Z digits', () => {
    // low 20 bits all ones: the last four digits are 31
    random.bytes = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x0f, 0xff, 0xff]);
    const next = ulidFactory(() => MS);
    expect(next().slice(10)).toBe('000000000000ZZZZ');
    expect(next().slice(10)).toBe('0000000000010000');
  });

  it('ulid - overflowing the random part within one millisecond throws a RangeError', () => {
    random.bytes = Buffer.alloc(10, 0xff);
    const next = ulidFactory(() => MS);
    const first = next();
    expect(first).toMatch(ULID_PATTERN);
    expect(first.slice(10)).toBe('Z'.repeat(16));
    expect(() => next()).toThrow(RangeError);
  });

  it('ulid - a new millisecond after a full random part starts afresh', () => {
    random.bytes = Buffer.alloc(10, 0xff);
    let now = MS;
    const next = ulidFactory(() => now);
    const first = next();
    random.bytes = Buffer.alloc(10);
    now += 1;
    const second = next();
    expect(second.slice(10)).toBe('0'.repeat(16));
    expect(second > first).toBe(true);
  });
});
