/** @module Frame to record: walks the TLV body by id in any order, names what it knows, keeps the rest as hex. */
import { EOR, GENERAL_FIELD, OFFSET, TOR, type NamedRecordType } from './constants.ts';
import { fieldKey, fieldTable, type FieldSpec } from './fields.ts';
import type { P3Frame } from './frame.ts';
import type { P3Record } from './record-types.ts';
import { readAscii, readInt, readUint, toHex } from './values.ts';

const TYPE_NAMES = new Map<number, NamedRecordType>(
  (Object.entries(TOR) as [NamedRecordType, number][]).map(([name, tor]) => [tor, name]),
);

export function recordTypeName(tor: number): string {
  return TYPE_NAMES.get(tor) ?? `TOR_0x${tor.toString(16).toUpperCase().padStart(4, '0')}`;
}

function decodeValue(spec: FieldSpec, bytes: Uint8Array, start: number, length: number): number | string | undefined {
  switch (spec.kind) {
    case 'uint':
      return readUint(bytes, start, length);
    case 'int':
      return readInt(bytes, start, length);
    case 'ascii':
      return readAscii(bytes, start, length);
    case 'hex':
      return toHex(bytes, start, start + length);
  }
}

/**
 * Decodes the record in a frame. A frame refused by the scanner is still decoded as far
 * as its bytes allow (for `--include-bad`). When a good frame's fields do not end exactly
 * at EOR, the frame is marked with the `fields` fault.
 */
export function decodeRecord(frame: P3Frame): P3Record {
  const { bytes } = frame;
  const table = fieldTable(frame.tor);
  const end = bytes.length - (bytes[bytes.length - 1] === EOR ? 1 : 0);
  const record: Record<string, unknown> = {
    type: recordTypeName(frame.tor),
    tor: frame.tor,
    version: frame.version,
    crc_ok: frame.fault === undefined,
  };
  // decoder_id leads the record-specific fields in every line, wherever the frame puts it (usually last).
  const decoderId = findDecoderId(bytes, end);
  if (decoderId !== undefined) record.decoder_id = decoderId;

  let requested: string[] | undefined;
  let unknown: Record<string, string> | undefined;
  let at = OFFSET.body;
  while (at + 2 <= end) {
    const id = bytes[at]!;
    const length = bytes[at + 1]!;
    const start = at + 2;
    if (start + length > end) break;
    at = start + length;
    if (id === GENERAL_FIELD.DECODER_ID && decoderId !== undefined) continue;
    const spec = table[id];
    if (length === 0) {
      (requested ??= []).push(spec ? spec.name : fieldKey(id));
      continue;
    }
    const value = spec ? decodeValue(spec, bytes, start, length) : undefined;
    if (value === undefined) (unknown ??= {})[fieldKey(id)] = toHex(bytes, start, start + length);
    else record[spec!.name] = value;
  }
  if (at !== end && frame.fault === undefined && bytes.length > OFFSET.body) {
    frame.fault = 'fields';
    frame.faultDetail = `fields end at byte ${at}, frame body ends at ${end}`;
    record.crc_ok = false;
  }
  if (requested) record.requested = requested;
  if (unknown) record.unknown_fields = unknown;
  if (frame.fault) record.error = `${frame.fault}: ${frame.faultDetail}`;
  return record as unknown as P3Record;
}

/** The first well-formed DECODER_ID value in the body, if any. */
function findDecoderId(bytes: Uint8Array, end: number): number | undefined {
  for (let at = OFFSET.body; at + 2 <= end; ) {
    const length = bytes[at + 1]!;
    if (at + 2 + length > end) return undefined;
    if (bytes[at] === GENERAL_FIELD.DECODER_ID && length > 0 && length <= 6) return readUint(bytes, at + 2, length);
    at += 2 + length;
  }
  return undefined;
}
