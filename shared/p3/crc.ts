/** @module The P3 frame CRC: poly 0x1021, init 0xFFFF, non-direct table update over the unescaped frame with its CRC bytes zeroed. */
import { OFFSET } from './constants.ts';

const TABLE = buildTable(0x1021);

function buildTable(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ poly : crc << 1;
    table[i] = crc & 0xffff;
  }
  return table;
}

function update(crc: number, byte: number): number {
  // The byte is xored in after the shift, not before: this is the update from the
  // "AMBrc protocol document, Appendix B" that real decoders use (p3-protocol.md §1.3).
  return (TABLE[crc >>> 8]! ^ (crc << 8) ^ byte) & 0xffff;
}

/** CRC of the unescaped frame `bytes[0, length)`; the two CRC bytes at offset 4 count as zero. */
export function p3Crc(bytes: Uint8Array, length: number = bytes.length): number {
  let crc = 0xffff;
  const crcAt = OFFSET.crc;
  const head = Math.min(crcAt, length);
  for (let i = 0; i < head; i++) crc = update(crc, bytes[i]!);
  if (length <= crcAt) return crc;
  crc = update(crc, 0);
  if (length > crcAt + 1) crc = update(crc, 0);
  for (let i = crcAt + 2; i < length; i++) crc = update(crc, bytes[i]!);
  return crc;
}
