/** @module ULIDs: 48-bit millisecond time + 80 random bits, Crockford base32, monotonic within one millisecond. */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** 80 random bits as 16 base32 digits (5 bits each). */
function randomDigits(random: (size: number) => Uint8Array): number[] {
  const bytes = random(10);
  const digits: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      digits.push((acc >> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  return digits;
}

/**
 * A ULID generator. Within one millisecond the random part is incremented, so ids from one
 * generator sort in the order they were made, as log keys must.
 */
export function ulidFactory(now: () => number = Date.now, random: (size: number) => Uint8Array = randomBytes): () => string {
  let lastTime = -1;
  let digits: number[] = [];
  return () => {
    const time = Math.max(now(), lastTime);
    if (time === lastTime) {
      let i = digits.length - 1;
      while (i >= 0 && digits[i] === 31) digits[i--] = 0;
      if (i < 0) throw new RangeError('ULID random part overflowed within one millisecond');
      digits[i]!++;
    } else {
      lastTime = time;
      digits = randomDigits(random);
    }
    return encodeTime(time) + digits.map((d) => ALPHABET[d]).join('');
  };
}

export const ulid = ulidFactory();

/** Milliseconds since 1970 encoded in a ULID. */
export function ulidTime(id: string): number {
  if (!ULID_PATTERN.test(id)) throw new RangeError(`"${id}" is not a ULID`);
  let ms = 0;
  for (const ch of id.slice(0, 10)) ms = ms * 32 + ALPHABET.indexOf(ch);
  return ms;
}
