/** @module P3 byte stuffing: 0x8D, 0x8E and 0x8F inside a frame travel as 0x8D followed by the byte plus 0x20. */
import { EOR, ESC, ESC_OFFSET } from './constants.ts';

function needsEscape(byte: number): boolean {
  // Real decoders escape exactly 0x8D-0x8F; raw 0x8A-0x8C occur unescaped in captures (p3-protocol.md §0.1).
  return byte >= ESC && byte <= EOR;
}

/** Wire bytes for an unescaped frame: SOR and EOR stay, everything between is stuffed. */
export function escapeFrame(frame: Uint8Array): Uint8Array {
  let extra = 0;
  for (let i = 1; i < frame.length - 1; i++) if (needsEscape(frame[i]!)) extra++;
  if (extra === 0) return Uint8Array.from(frame);
  const out = new Uint8Array(frame.length + extra);
  let o = 0;
  out[o++] = frame[0]!;
  for (let i = 1; i < frame.length - 1; i++) {
    const b = frame[i]!;
    if (needsEscape(b)) {
      out[o++] = ESC;
      out[o++] = b + ESC_OFFSET;
    } else {
      out[o++] = b;
    }
  }
  out[o++] = frame[frame.length - 1]!;
  return out;
}

/**
 * Whether the byte after an ESC is one a decoder may send. Decoders send 0xAD-0xAF; one
 * published implementation stuffs 0x8A-0x8F, so 0xAA-0xAC are accepted too.
 */
export function isEscapedByte(byte: number): boolean {
  return byte >= 0xaa && byte <= 0xaf;
}

/** Unstuffs one wire frame (SOR..EOR). Returns null when an ESC is followed by a byte no sender produces. */
export function unescapeFrame(wire: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(wire.length);
  let o = 0;
  for (let i = 0; i < wire.length; i++) {
    const b = wire[i]!;
    if (b === ESC) {
      const next = wire[++i];
      if (next === undefined || !isEscapedByte(next)) return null;
      out[o++] = next - ESC_OFFSET;
    } else {
      out[o++] = b;
    }
  }
  return out.subarray(0, o);
}

