/** @module The simulator's outgoing frames in the exact field order real decoders use (p3-protocol.md §1.5-1.7), built with the shared encoder. */
import { randomBytes } from 'node:crypto';
import { encodeFrame, encodeRecord, TOR, type RawField } from '../../shared/p3/index.ts';
import { fieldSpec } from '../../shared/p3/fields.ts';
import { writeAscii, writeInt, writeUint } from '../../shared/p3/values.ts';
import type { DecoderProfile, PassingLayout } from './types.ts';

/**
 * Field orders observed in real captures. encodeRecord writes table order, which matches
 * RC passings but not ProChip riders (RTC after HITS) nor any STATUS, hence explicit lists.
 */
const PASSING_ORDER: Readonly<Record<PassingLayout, readonly number[]>> = {
  rc: [0x01, 0x03, 0x04, 0x05, 0x06, 0x08, 0x81],
  'prochip-rider': [0x01, 0x03, 0x0a, 0x05, 0x06, 0x04, 0x08, 0x81],
  // Gate markers carry no STRENGTH/HITS (erathe capture 008).
  'prochip-gate': [0x01, 0x03, 0x04, 0x08, 0x81],
};

const STATUS_ORDER: Readonly<Record<DecoderProfile, readonly number[]>> = {
  rc: [0x01, 0x07, 0x0c, 0x06, 0x81],
  prochip: [0x01, 0x07, 0x06, 0x0a, 0x81],
};

/** VERSION decoder types from records.py: 0x10 AMBrc, 0x11 AMBMX. */
const DECODER_TYPE: Readonly<Record<DecoderProfile, number>> = { rc: 0x10, prochip: 0x11 };

export const FIRMWARE_VERSION = '0.1.0';

function ordered(tor: number, values: Readonly<Record<string, unknown>>, ids: readonly number[]): Uint8Array {
  const fields: RawField[] = [];
  for (const id of ids) {
    const spec = fieldSpec(tor, id)!;
    const value = values[spec.name];
    if (value === undefined) continue;
    const bytes =
      spec.kind === 'ascii' ? writeAscii(value as string) : spec.kind === 'int' ? writeInt(value as number, spec.width) : writeUint(value as number, spec.width);
    fields.push({ id, value: bytes });
  }
  return encodeFrame({ tor, fields });
}

export interface PassingValues {
  passing_number: number;
  transponder: number;
  transponder_code?: string;
  rtc_time_us: number;
  strength?: number;
  hits?: number;
  flags: number;
  decoder_id: number;
}

export function passingFrame(layout: PassingLayout, values: PassingValues): Uint8Array {
  return ordered(TOR.PASSING, values as unknown as Record<string, unknown>, PASSING_ORDER[layout]);
}

export interface StatusValues {
  noise: number;
  temperature: number;
  gps: number;
  input_voltage?: number;
  satellites_in_use?: number;
  decoder_id: number;
}

export function statusFrame(profile: DecoderProfile, values: StatusValues): Uint8Array {
  return ordered(TOR.STATUS, values as unknown as Record<string, unknown>, STATUS_ORDER[profile]);
}

/** The frame a decoder sends right after a TCP connect: 8 nonce-like bytes and its id (hama-jp capture, §1.4). */
export function helloFrame(decoderId: number): Uint8Array {
  return encodeFrame({ tor: 0x001c, fields: [{ id: 0x01, value: randomBytes(8) }, { id: 0x81, value: writeUint(decoderId, 4) }] });
}

export function getTimeFrame(rtcTimeUs: number, decoderId: number): Uint8Array {
  return encodeRecord({ type: 'GET_TIME', tor: TOR.GET_TIME, version: 2, rtc_time_us: rtcTimeUs, decoder_id: decoderId });
}

export function versionFrame(profile: DecoderProfile, decoderId: number): Uint8Array {
  return encodeRecord({
    type: 'VERSION',
    tor: TOR.VERSION,
    version: 2,
    decoder_type: DECODER_TYPE[profile],
    description: 'MRE simulator',
    firmware_version: FIRMWARE_VERSION,
    decoder_id: decoderId,
  });
}
