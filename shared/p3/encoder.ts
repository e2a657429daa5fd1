/** @module Record and frame encoder: computes LENGTH and CRC, stuffs 0x8D-0x8F, so the simulator and host requests speak real P3. */
import { EOR, OFFSET, SOR } from './constants.ts';
import { p3Crc } from './crc.ts';
import { escapeFrame } from './escape.ts';
import { specsFor, type FieldSpec } from './fields.ts';
import type { P3RecordInput } from './record-types.ts';
import { fromHex, writeAscii, writeInt, writeUint } from './values.ts';

export interface RawField {
  id: number;
  value: Uint8Array;
}

export interface FrameSpec {
  tor: number;
  fields: readonly RawField[];
  /** 2 in every modern decoder frame. */
  version?: number;
  flags?: number;
}

/** The unescaped frame, LENGTH and CRC filled in. */
export function buildFrame({ tor, fields, version = 2, flags = 0 }: FrameSpec): Uint8Array {
  let length = OFFSET.body + 1;
  for (const field of fields) {
    if (field.value.length > 255) throw new RangeError(`field ${field.id} is ${field.value.length} bytes; a TLV holds at most 255`);
    length += 2 + field.value.length;
  }
  if (length > 0xffff) throw new RangeError(`frame of ${length} bytes exceeds LENGTH's 16 bits`);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  bytes[0] = SOR;
  bytes[OFFSET.version] = version;
  view.setUint16(OFFSET.length, length, true);
  view.setUint16(OFFSET.flags, flags, true);
  view.setUint16(OFFSET.tor, tor, true);
  let at = OFFSET.body;
  for (const field of fields) {
    bytes[at++] = field.id;
    bytes[at++] = field.value.length;
    bytes.set(field.value, at);
    at += field.value.length;
  }
  bytes[at] = EOR;
  view.setUint16(OFFSET.crc, p3Crc(bytes), true);
  return bytes;
}

/** Wire bytes for a frame. */
export function encodeFrame(spec: FrameSpec): Uint8Array {
  return escapeFrame(buildFrame(spec));
}

function encodeValue(spec: FieldSpec, value: unknown): Uint8Array {
  switch (spec.kind) {
    case 'uint':
      return writeUint(value as number, spec.width);
    case 'int':
      return writeInt(value as number, spec.width);
    case 'ascii':
      return writeAscii(value as string);
    case 'hex':
      return fromHex(value as string);
  }
}

/**
 * Wire bytes for a record in the shape `decodeRecord` returns. Named fields go in table
 * order, unknown fields after them, general fields (decoder id) last, as decoders send them.
 */
export function encodeRecord(record: P3RecordInput): Uint8Array {
  const fields: RawField[] = [];
  const values = record as unknown as Record<string, unknown>;
  const specs = specsFor(record.tor);
  const general = specs.filter((s) => s.id >= 0x80);
  for (const spec of specs) {
    if (spec.id >= 0x80 || values[spec.name] === undefined) continue;
    fields.push({ id: spec.id, value: encodeValue(spec, values[spec.name]) });
  }
  for (const name of record.requested ?? []) {
    const spec = specs.find((s) => s.name === name);
    const id = spec ? spec.id : Number(name);
    if (!Number.isInteger(id) || id < 0 || id > 255) throw new RangeError(`requested field "${name}" is neither a field name nor an id`);
    fields.push({ id, value: new Uint8Array(0) });
  }
  for (const [key, hex] of Object.entries(record.unknown_fields ?? {})) {
    fields.push({ id: Number(key), value: fromHex(hex) });
  }
  for (const spec of general) {
    if (values[spec.name] !== undefined) fields.push({ id: spec.id, value: encodeValue(spec, values[spec.name]) });
  }
  return encodeFrame({ tor: record.tor, fields, version: record.version });
}
