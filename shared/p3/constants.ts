/** @module P3 wire constants: framing bytes, header layout, record types and field ids (reference: p3-protocol.md §1). */

export const SOR = 0x8e;
export const EOR = 0x8f;
export const ESC = 0x8d;
/** An escaped byte travels as ESC, byte + 0x20. */
export const ESC_OFFSET = 0x20;

/** Header offsets in the unescaped frame: SOR, VERSION, LENGTH u16, CRC u16, FLAGS u16, TOR u16. */
export const OFFSET = {
  version: 1,
  length: 2,
  crc: 4,
  flags: 6,
  tor: 8,
  body: 10,
} as const;

/** Header plus EOR: the smallest frame that can carry a TOR. */
export const MIN_FRAME_LENGTH = 11;
/** Real frames are under 100 bytes; a frame this long has lost its EOR and is dropped. */
export const MAX_FRAME_LENGTH = 2048;

export const TOR = {
  PASSING: 0x0001,
  STATUS: 0x0002,
  VERSION: 0x0003,
  RESEND: 0x0004,
  CLEAR_PASSING: 0x0005,
  GET_TIME: 0x0024,
  ERROR: 0xffff,
} as const;

export type NamedRecordType = keyof typeof TOR;

/** Fields valid in any record type (p3-protocol.md §1.4 GENERAL). */
export const GENERAL_FIELD = {
  DECODER_ID: 0x81,
  CONTROLLER_ID: 0x83,
  REQUEST_ID: 0x85,
} as const;
