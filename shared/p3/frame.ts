/** @module One P3 frame as read off the wire: header fields, CRC and LENGTH checks, and why a frame was refused. */
import { MIN_FRAME_LENGTH, OFFSET } from './constants.ts';
import { p3Crc } from './crc.ts';

export type FrameFault =
  | 'crc' // stored CRC differs from the computed one
  | 'length' // LENGTH differs from the unescaped frame length
  | 'escape' // an ESC followed by a byte no sender produces
  | 'short' // too short to hold a header
  | 'truncated' // a new SOR arrived before this frame's EOR
  | 'too_long' // no EOR within the longest frame we accept
  | 'fields'; // CRC good, but the TLV body does not end exactly at EOR

export interface P3Frame {
  /** The frame as it travelled, SOR..EOR, escaped. */
  readonly raw: Uint8Array;
  /** The frame unescaped, SOR..EOR. */
  readonly bytes: Uint8Array;
  readonly version: number;
  readonly declaredLength: number;
  readonly storedCrc: number;
  readonly computedCrc: number;
  readonly flags: number;
  readonly tor: number;
  /** Why the frame is refused; undefined for a good frame. */
  fault: FrameFault | undefined;
  /** Human detail for the fault, e.g. "stored CRC 0x7072, computed 0x43BB". */
  faultDetail: string | undefined;
}

function u16(bytes: Uint8Array, at: number): number {
  return at + 1 < bytes.length ? bytes[at]! | (bytes[at + 1]! << 8) : 0;
}

function hex4(n: number): string {
  return '0x' + n.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Reads and checks the header of an unescaped frame. `pending` carries a fault the
 * scanner already saw (escape, truncated, too_long); it wins over header checks.
 */
export function checkFrame(raw: Uint8Array, bytes: Uint8Array, pending?: FrameFault): P3Frame {
  const length = bytes.length;
  const frame: P3Frame = {
    raw,
    bytes,
    version: length > OFFSET.version ? bytes[OFFSET.version]! : 0,
    declaredLength: u16(bytes, OFFSET.length),
    storedCrc: u16(bytes, OFFSET.crc),
    computedCrc: p3Crc(bytes, length),
    flags: u16(bytes, OFFSET.flags),
    tor: u16(bytes, OFFSET.tor),
    fault: undefined,
    faultDetail: undefined,
  };
  if (pending) {
    frame.fault = pending;
    frame.faultDetail = pendingDetail(pending, length);
  } else if (length < MIN_FRAME_LENGTH) {
    frame.fault = 'short';
    frame.faultDetail = `frame of ${length} bytes is shorter than a header (${MIN_FRAME_LENGTH})`;
  } else if (frame.declaredLength !== length && frame.declaredLength !== 0) {
    // LENGTH 0 is accepted: host software leaves it unfilled (vmindru's GET_TIME request), and the CRC still guards the frame.
    frame.fault = 'length';
    frame.faultDetail = `LENGTH says ${frame.declaredLength} bytes, frame has ${length}`;
  } else if (frame.storedCrc !== frame.computedCrc) {
    frame.fault = 'crc';
    frame.faultDetail = `stored CRC ${hex4(frame.storedCrc)}, computed ${hex4(frame.computedCrc)}`;
  }
  return frame;
}

function pendingDetail(fault: FrameFault, length: number): string {
  switch (fault) {
    case 'escape':
      return 'escape byte 0x8D followed by a byte outside 0xAA-0xAF';
    case 'truncated':
      return `new frame started after ${length} bytes, before this frame's end`;
    case 'too_long':
      return `no end of frame within ${length} bytes`;
    default:
      return fault;
  }
}
