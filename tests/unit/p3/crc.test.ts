/** @module CRC tests: the worked example from a real STATUS frame, and agreement with the catalogue form on random frames. */
import { describe, expect, it } from 'vitest';
import { p3Crc } from '../../../shared/p3/index.ts';
import { fromHex } from '../../../shared/p3/values.ts';
import { seededRng } from '../../../shared/random/index.ts';

/** Bitwise CRC-16/SPI-FUJITSU (poly 0x1021, init 0x1D0F): written independently of the table code under test. */
function spiFujitsu(bytes: Uint8Array): number {
  let crc = 0x1d0f;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('p3 crc', () => {
  it('p3 crc - matches the stored CRC of a real 2019 STATUS frame (0x89F3, stored f3 89)', () => {
    const frame = fromHex('8e021f00f3890000020001022800070216000c01760601008104131804008f');
    expect(p3Crc(frame)).toBe(0x89f3);
  });

  it('p3 crc - ignores whatever the two CRC bytes hold', () => {
    const frame = fromHex('8e021f00f3890000020001022800070216000c01760601008104131804008f');
    const zeroed = Uint8Array.from(frame);
    zeroed[4] = 0;
    zeroed[5] = 0;
    expect(p3Crc(zeroed)).toBe(p3Crc(frame));
  });

  it('p3 crc - equals SPI-FUJITSU over all but the last two bytes, xor those two bytes big-endian', () => {
    const rng = seededRng(7);
    for (let n = 0; n < 500; n++) {
      const frame = rng.bytes(rng.int(11, 80));
      frame[4] = 0;
      frame[5] = 0;
      const tail = (frame[frame.length - 2]! << 8) | frame[frame.length - 1]!;
      expect(p3Crc(frame)).toBe(spiFujitsu(frame.subarray(0, frame.length - 2)) ^ tail);
    }
  });

  it('p3 crc - differs from plain CCITT-FALSE (0xFFFF init, byte xored before the shift)', () => {
    const frame = fromHex('8e021f0000000000020001022800070216000c01760601008104131804008f');
    let ccitt = 0xffff;
    for (const byte of frame) {
      ccitt ^= byte << 8;
      for (let bit = 0; bit < 8; bit++) ccitt = ccitt & 0x8000 ? ((ccitt << 1) ^ 0x1021) & 0xffff : (ccitt << 1) & 0xffff;
    }
    expect(p3Crc(frame)).not.toBe(ccitt);
    expect(p3Crc(frame)).toBe(0x89f3);
  });
});
