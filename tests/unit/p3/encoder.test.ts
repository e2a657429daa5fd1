/** @module Encoder tests: generated records round-trip through the wire, only 0x8D-0x8F are stuffed, host requests are well-formed. */
import { describe, expect, it } from 'vitest';
import {
  clearPassingRequest, decodeAll, encodeFrame, encodeRecord, getTimeRequest, resendRequest, toHex, versionRequest,
} from '../../../shared/p3/index.ts';
import { randomRecord } from '../../support/p3-records.ts';
import { seededRng } from '../../../shared/random/index.ts';

function only(bytes: Uint8Array) {
  const { good, bad } = decodeAll(bytes);
  expect(bad).toEqual([]);
  expect(good).toHaveLength(1);
  return good[0]!;
}

describe('p3 encoder', () => {
  it('p3 encoder - every generated record decodes back to itself', () => {
    const rng = seededRng(42);
    for (let n = 0; n < 3000; n++) {
      const record = randomRecord(rng);
      expect(only(encodeRecord(record)).record).toEqual(record);
    }
  });

  it('p3 encoder - stuffs exactly 0x8D-0x8F and leaves 0x8A-0x8C raw, as decoders do', () => {
    const value = Uint8Array.of(0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f);
    const wire = encodeFrame({ tor: 0x1c, fields: [{ id: 0x01, value }] });
    expect(toHex(wire)).toContain('8a8b8c8dad8dae8daf');
    const inner = wire.subarray(1, wire.length - 1);
    expect(inner.includes(0x8e)).toBe(false);
    expect(inner.includes(0x8f)).toBe(false);
    expect(only(wire).record.unknown_fields).toEqual({ '0x01': '8a8b8c8d8e8f' });
  });

  it('p3 encoder - writes LENGTH as the unescaped frame length and a CRC the decoder accepts', () => {
    const wire = encodeFrame({ tor: 1, fields: [{ id: 0x04, value: Uint8Array.of(0x8e, 0x8e, 0x8e, 0, 0, 0, 0, 0) }] });
    const { frame } = only(wire);
    expect(frame.declaredLength).toBe(frame.bytes.length);
    expect(frame.bytes.length).toBe(wire.length - 3);
    expect(frame.storedCrc).toBe(frame.computedCrc);
  });

  it('p3 encoder - refuses values that do not fit their field', () => {
    expect(() => encodeRecord({ type: 'STATUS', tor: 2, version: 2, gps: 256 })).toThrow(/does not fit in 1 bytes/);
    expect(() => encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: -1 })).toThrow(/non-negative/);
    expect(() => encodeRecord({ type: 'PASSING', tor: 1, version: 2, transponder_code: 'FL\n1' })).toThrow(/printable/);
  });
});

describe('p3 host requests', () => {
  it('p3 host requests - GET_TIME has the shape of the known host request, with LENGTH filled in', () => {
    // The request vmindru's time server sends (LENGTH left 0): 8E 00 0000 5BEB 0000 2400 0100 0400 0500 8F
    const known = '8e' + '00' + '0000' + '5beb' + '0000' + '2400' + '0100' + '0400' + '0500' + '8f';
    const ours = toHex(getTimeRequest());
    expect(ours.slice(0, 4)).toBe(known.slice(0, 4));
    expect(ours.slice(4, 8)).toBe('1100');
    expect(ours.slice(12)).toBe(known.slice(12));
    expect(only(getTimeRequest()).record).toEqual({ type: 'GET_TIME', tor: 0x24, version: 0, crc_ok: true, requested: ['rtc_time_us', 'flags', 'utc_time_us'] });
  });

  it('p3 host requests - VERSION asks with an empty decoder-type field', () => {
    expect(only(versionRequest()).record).toEqual({ type: 'VERSION', tor: 3, version: 2, crc_ok: true, requested: ['decoder_type'] });
  });

  it('p3 host requests - RESEND carries the from and until passing numbers', () => {
    expect(only(resendRequest(157828, 157830)).record).toMatchObject({ type: 'RESEND', from: 157828, until: 157830 });
    expect(() => resendRequest(10, 9)).toThrow(/runs backwards/);
  });

  it('p3 host requests - CLEAR_PASSING is a bare record', () => {
    const wire = clearPassingRequest();
    expect(toHex(wire.subarray(0, 4))).toBe('8e020b00');
    expect(toHex(wire.subarray(6))).toBe('000005008f');
    expect(only(wire).record).toEqual({ type: 'CLEAR_PASSING', tor: 5, version: 2, crc_ok: true });
  });
});
