/** @module Field tables per record type: which TLV id carries which named value, its kind and its width on the wire. */
import { GENERAL_FIELD, TOR } from './constants.ts';

export type FieldKind =
  | 'uint' // little-endian unsigned integer of the field's own length
  | 'int' // little-endian two's complement
  | 'ascii' // printable text, NUL-padded
  | 'hex'; // opaque bytes, shown as hex

export interface FieldSpec {
  readonly id: number;
  readonly name: string;
  readonly kind: FieldKind;
  /** Width the encoder writes; the decoder accepts whatever length the frame gives. */
  readonly width: number;
}

const f = (id: number, name: string, kind: FieldKind, width: number): FieldSpec => ({ id, name, kind, width });

/** Fields valid in every record (p3-protocol.md §1.4). */
export const GENERAL_FIELDS: readonly FieldSpec[] = [
  f(GENERAL_FIELD.DECODER_ID, 'decoder_id', 'uint', 4),
  f(GENERAL_FIELD.CONTROLLER_ID, 'controller_id', 'uint', 4),
  f(GENERAL_FIELD.REQUEST_ID, 'request_id', 'hex', 8),
];

/**
 * Named fields per TOR. Only ids seen in real captures or agreed by every community
 * parser are named; anything else stays in `unknown_fields` as hex (p3-protocol.md §1.5-1.7).
 */
export const RECORD_FIELDS: Readonly<Record<number, readonly FieldSpec[]>> = {
  [TOR.PASSING]: [
    f(0x01, 'passing_number', 'uint', 4),
    f(0x03, 'transponder', 'uint', 4),
    f(0x0a, 'transponder_code', 'ascii', 8),
    f(0x04, 'rtc_time_us', 'uint', 8),
    f(0x10, 'utc_time_us', 'uint', 8),
    f(0x05, 'strength', 'uint', 2),
    f(0x06, 'hits', 'uint', 2),
    f(0x08, 'flags', 'uint', 2),
  ],
  [TOR.STATUS]: [
    f(0x01, 'noise', 'uint', 2),
    f(0x06, 'gps', 'uint', 1),
    // Unit unresolved (whole °C or tenths, p3-protocol.md §1.8): reported as sent, signed.
    f(0x07, 'temperature', 'int', 2),
    f(0x0a, 'satellites_in_use', 'uint', 1),
    f(0x0c, 'input_voltage', 'uint', 1),
    f(0x0b, 'loop_triggers', 'uint', 1),
  ],
  // VERSION ids follow records.py; no real VERSION frame has been captured.
  [TOR.VERSION]: [
    f(0x01, 'decoder_type', 'uint', 1),
    f(0x02, 'description', 'ascii', 16),
    f(0x03, 'firmware_version', 'ascii', 8),
    f(0x04, 'release', 'uint', 4),
    f(0x08, 'registration', 'hex', 8),
    f(0x0a, 'build_number', 'uint', 2),
    f(0x0c, 'options', 'uint', 4),
  ],
  [TOR.RESEND]: [f(0x01, 'from', 'uint', 4), f(0x02, 'until', 'uint', 4)],
  [TOR.CLEAR_PASSING]: [],
  [TOR.GET_TIME]: [f(0x01, 'rtc_time_us', 'uint', 8), f(0x04, 'flags', 'uint', 2), f(0x05, 'utc_time_us', 'uint', 8)],
  [TOR.ERROR]: [f(0x01, 'error_code', 'uint', 2), f(0x02, 'description', 'ascii', 32)],
};

/** Field specs of one record type indexed by field id (0-255), general fields included. */
export type FieldTable = readonly (FieldSpec | undefined)[];

function table(specs: readonly FieldSpec[]): FieldTable {
  const byId: (FieldSpec | undefined)[] = new Array(256).fill(undefined);
  for (const spec of [...specs, ...GENERAL_FIELDS]) byId[spec.id] = spec;
  return byId;
}

const tables = new Map<number, FieldTable>(Object.entries(RECORD_FIELDS).map(([tor, specs]) => [Number(tor), table(specs)]));
const generalOnly = table([]);

/** The field table for a record type; unnamed types get the general fields only. */
export function fieldTable(tor: number): FieldTable {
  return tables.get(tor) ?? generalOnly;
}

/** The spec for field `id` of record type `tor`, or undefined when the id is not a named one. */
export function fieldSpec(tor: number, id: number): FieldSpec | undefined {
  return fieldTable(tor)[id];
}

/** Specs by name for a record type, general fields included (for the encoder). */
export function specsFor(tor: number): readonly FieldSpec[] {
  return [...(RECORD_FIELDS[tor] ?? []), ...GENERAL_FIELDS];
}

/** `0x0A` style key for field ids in `unknown_fields`. */
export function fieldKey(id: number): string {
  return '0x' + id.toString(16).toUpperCase().padStart(2, '0');
}
