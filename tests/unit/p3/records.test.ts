/** @module Record decoding tests: fields by id in any order, missing and unknown fields, widths, versions, requests and malformed bodies. */
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeFrame, p3Crc, type RawField } from '../../../shared/p3/index.ts';
import { writeAscii, writeInt, writeUint } from '../../../shared/p3/values.ts';

const u = writeUint;
const field = (id: number, value: Uint8Array): RawField => ({ id, value });

function decodeOne(tor: number, fields: RawField[], version = 2) {
  const { good, bad } = decodeAll(encodeFrame({ tor, fields, version }));
  expect(bad).toEqual([]);
  expect(good).toHaveLength(1);
  return good[0]!.record as unknown as Record<string, unknown>;
}

const riderFields = [
  field(0x01, u(8857, 4)),
  field(0x03, u(102758186, 4)),
  field(0x0a, writeAscii('FL-94890')),
  field(0x05, u(133, 2)),
  field(0x06, u(29, 2)),
  field(0x04, u(1761855861817733, 8)),
  field(0x08, u(0, 2)),
  field(0x81, u(0xc00d0, 4)),
];

describe('p3 records', () => {
  it('p3 records - decodes a PASSING with every named field', () => {
    expect(decodeOne(1, [...riderFields, field(0x10, u(1761855861000000, 8))])).toEqual({
      type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 786640,
      passing_number: 8857, transponder: 102758186, transponder_code: 'FL-94890', strength: 133, hits: 29,
      rtc_time_us: 1761855861817733, flags: 0, utc_time_us: 1761855861000000,
    });
  });

  it('p3 records - reads fields by id whatever their order', () => {
    const forward = decodeOne(1, riderFields);
    const backward = decodeOne(1, [...riderFields].reverse());
    expect(backward).toEqual(forward);
  });

  it('p3 records - leaves out fields the frame does not carry (a gate marker has no strength or hits)', () => {
    const gate = decodeOne(1, [field(0x01, u(8855, 4)), field(0x03, u(9992, 4)), field(0x04, u(1761855822438228, 8)), field(0x08, u(0, 2)), field(0x81, u(0xc00d0, 4))]);
    expect(gate).not.toHaveProperty('strength');
    expect(gate).not.toHaveProperty('hits');
    expect(gate).not.toHaveProperty('transponder_code');
    expect(gate).toMatchObject({ transponder: 9992, passing_number: 8855 });
  });

  it('p3 records - keeps unknown field ids as hex', () => {
    const record = decodeOne(1, [field(0x01, u(290114, 4)), field(0x11, Uint8Array.of(3)), field(0x14, Uint8Array.of(3))]);
    expect(record.unknown_fields).toEqual({ '0x11': '03', '0x14': '03' });
  });

  it('p3 records - decodes STATUS with signed temperature and every named field', () => {
    expect(decodeOne(2, [field(0x01, u(53, 2)), field(0x07, writeInt(-4, 2)), field(0x06, u(1, 1)), field(0x0a, u(0, 1)), field(0x0c, u(121, 1)), field(0x0b, u(2, 1)), field(0x81, u(0xc00d0, 4))])).toEqual({
      type: 'STATUS', tor: 2, version: 2, crc_ok: true, decoder_id: 786640,
      noise: 53, temperature: -4, gps: 1, satellites_in_use: 0, input_voltage: 121, loop_triggers: 2,
    });
  });

  it('p3 records - reads integer fields at the width the frame gives (HITS above 255)', () => {
    expect(decodeOne(1, [field(0x06, u(287, 2))]).hits).toBe(287);
    expect(decodeOne(1, [field(0x06, u(70000, 4))]).hits).toBe(70000);
  });

  it('p3 records - decodes versions 0, 1 and 2 alike', () => {
    for (const version of [0, 1, 2]) {
      expect(decodeOne(1, riderFields, version)).toMatchObject({ version, passing_number: 8857, transponder: 102758186 });
    }
  });

  it('p3 records - names the record types and falls back to TOR_0x…. for others, keeping their fields', () => {
    expect(decodeOne(3, [field(0x01, u(0x11, 1)), field(0x02, writeAscii('AMBmx3'))])).toMatchObject({ type: 'VERSION', decoder_type: 0x11, description: 'AMBmx3' });
    expect(decodeOne(4, [field(0x01, u(100, 4)), field(0x02, u(120, 4))])).toMatchObject({ type: 'RESEND', from: 100, until: 120 });
    expect(decodeOne(5, [])).toEqual({ type: 'CLEAR_PASSING', tor: 5, version: 2, crc_ok: true });
    expect(decodeOne(0x24, [field(0x01, u(1551542808933000, 8))])).toMatchObject({ type: 'GET_TIME', rtc_time_us: 1551542808933000 });
    expect(decodeOne(0xffff, [field(0x01, u(1, 2)), field(0x02, writeAscii('CRC error'))])).toMatchObject({ type: 'ERROR', error_code: 1, description: 'CRC error' });
    expect(decodeOne(0x1c, [field(0x01, Uint8Array.of(0x61, 0x71, 0xa7, 0x59, 0xd7, 0xdf, 0x5a, 0x37)), field(0x81, u(0x41d17, 4))])).toEqual({
      type: 'TOR_0x001C', tor: 0x1c, version: 2, crc_ok: true, decoder_id: 0x41d17, unknown_fields: { '0x01': '6171a759d7df5a37' },
    });
  });

  it('p3 records - lists zero-length fields as requested (how a host asks for values)', () => {
    expect(decodeOne(0x24, [field(0x01, new Uint8Array(0)), field(0x04, new Uint8Array(0)), field(0x05, new Uint8Array(0))], 0).requested)
      .toEqual(['rtc_time_us', 'flags', 'utc_time_us']);
  });

  it('p3 records - keeps a timestamp beyond 2^53 µs and unprintable text as hex instead of inventing a value', () => {
    const record = decodeOne(1, [field(0x04, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x80)), field(0x0a, Uint8Array.of(0x46, 0x01, 0x4c))]);
    expect(record).not.toHaveProperty('rtc_time_us');
    expect(record).not.toHaveProperty('transponder_code');
    expect(record.unknown_fields).toEqual({ '0x04': '0000000000000080', '0x0A': '46014c' });
  });

  it('p3 records - refuses a frame with a good CRC whose fields overrun the body', () => {
    const frame = Buffer.from(encodeFrame({ tor: 1, fields: [field(0x01, u(1, 4))] }));
    // Claim 9 bytes for a 4-byte field, then fix LENGTH and CRC so only the body is wrong.
    frame[11] = 9;
    frame.writeUInt16LE(p3Crc(frame), 4);
    const { good, bad } = decodeAll(frame);
    expect(good).toEqual([]);
    expect(bad[0]!.frame.fault).toBe('fields');
    expect(bad[0]!.record.crc_ok).toBe(false);
  });
});
