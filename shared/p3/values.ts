/** @module Little-endian value codecs for TLV payloads: integers, text and hex, and their inverses. */

/** Reads an unsigned LE integer; undefined when it does not fit in a JS safe integer. */
export function readUint(bytes: Uint8Array, start: number, length: number): number | undefined {
  if (length > 8) return undefined;
  if (length > 6) {
    const lo = readUint(bytes, start, 4)!;
    const hi = readUint(bytes, start + 4, length - 4)!;
    // 2^53 µs is year 2255: a larger timestamp is not a clock reading, keep it as raw bytes.
    if (hi >= 0x200000) return undefined;
    return hi * 0x1_0000_0000 + lo;
  }
  let value = 0;
  for (let i = length - 1; i >= 0; i--) value = value * 256 + bytes[start + i]!;
  return value;
}

const SIGN_BIT = [0, 0x80, 0x8000, 0x80_0000, 0x8000_0000, 0x80_0000_0000, 0x8000_0000_0000];

export function readInt(bytes: Uint8Array, start: number, length: number): number | undefined {
  if (length > 6) return undefined;
  const value = readUint(bytes, start, length)!;
  const sign = SIGN_BIT[length]!;
  return value >= sign ? value - 2 * sign : value;
}

/** Printable ASCII with trailing NULs removed; undefined when any byte is not printable. */
export function readAscii(bytes: Uint8Array, start: number, length: number): string | undefined {
  let end = start + length;
  while (end > start && bytes[end - 1] === 0) end--;
  let text = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) return undefined;
    text += String.fromCharCode(b);
  }
  return text;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[bytes[i]!];
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new RangeError(`not an even-length hex string: "${hex.slice(0, 40)}"`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function writeUint(value: number, width: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${value} is not a non-negative safe integer`);
  if (value >= 2 ** (8 * Math.min(width, 7))) throw new RangeError(`${value} does not fit in ${width} bytes`);
  const out = new Uint8Array(width);
  let v = value;
  for (let i = 0; i < width; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

export function writeInt(value: number, width: number): Uint8Array {
  const span = 2 ** (8 * width);
  if (!Number.isSafeInteger(value) || value < -span / 2 || value >= span / 2) {
    throw new RangeError(`${value} does not fit in ${width} signed bytes`);
  }
  return writeUint(value < 0 ? value + span : value, width);
}

export function writeAscii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) throw new RangeError(`"${text}" is not printable ASCII`);
    out[i] = c;
  }
  return out;
}
