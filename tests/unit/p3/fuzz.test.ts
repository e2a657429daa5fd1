/** @module Fuzz test: 100,000 mutated frames between intact ones; the decoder never throws and recovers every intact frame. */
import { describe, expect, it } from 'vitest';
import { encodeRecord, P3Decoder, toHex } from '../../../shared/p3/index.ts';
import { randomRecord } from '../../support/p3-records.ts';
import { seededRng, type Rng } from '../../../shared/random/index.ts';

function mutate(rng: Rng, frame: Uint8Array): Uint8Array {
  const bytes = Array.from(frame);
  for (let edits = rng.int(1, 3); edits > 0; edits--) {
    const at = rng.int(0, bytes.length - 1);
    switch (rng.int(0, 5)) {
      case 0: bytes[at] = bytes[at]! ^ (1 << rng.int(0, 7)); break;
      case 1: bytes.splice(at, 1); break;
      case 2: bytes.splice(at, 0, rng.pick([0x8d, 0x8e, 0x8f, 0x0d, rng.int(0, 255)])); break;
      case 3: bytes.length = at; break;
      case 4: bytes[at] = rng.pick([0x8d, 0x8e, 0x8f]); break;
      default: bytes.splice(at, 0, ...bytes.slice(0, rng.int(1, 20))); break;
    }
  }
  return Uint8Array.from(bytes);
}

describe('p3 fuzz', () => {
  it('p3 fuzz - 100,000 mutated frames never throw and never cost an intact frame', () => {
    const rng = seededRng(2019);
    const pool = Array.from({ length: 500 }, () => encodeRecord(randomRecord(rng)));
    const intact: string[] = [];
    const seen: string[] = [];
    const decoder = new P3Decoder({ onRecord: (d) => seen.push(toHex(d.frame.raw)), onBad: () => undefined });
    let pending: Uint8Array[] = [];
    let size = 0;
    for (let n = 0; n < 100_000; n++) {
      const good = rng.pick(pool);
      intact.push(toHex(good));
      pending.push(mutate(rng, rng.pick(pool)), good);
      size += good.length * 2;
      if (size > 4096) {
        // Feed in uneven pieces so mutations also meet chunk boundaries.
        const joined = Buffer.concat(pending);
        for (let at = 0; at < joined.length; ) {
          const step = rng.int(1, 700);
          decoder.push(joined.subarray(at, at + step));
          at += step;
        }
        pending = [];
        size = 0;
      }
    }
    decoder.push(Buffer.concat(pending));
    decoder.end();

    // Every intact frame is found, in order; a mutation may by chance still be a valid frame, so extra finds are allowed.
    let next = 0;
    for (const hex of seen) if (next < intact.length && hex === intact[next]) next++;
    expect(next).toBe(intact.length);
    expect(decoder.counts.bad).toBeGreaterThan(90_000);
  });
});
