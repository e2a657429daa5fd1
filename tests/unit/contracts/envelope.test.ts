/** @module Unit tests for the `track_ingest.v2` envelope schema and `parseEnvelope`. */
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VERSION,
  ContractError,
  NAMED_MESSAGE_TYPES,
  parseEnvelope,
  type Envelope,
} from '../../../shared/contracts/index.ts';
import { ulid } from '../../../shared/ids/index.ts';

function validEnvelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ulid(),
    contract_version: 'track_ingest.v2',
    track_id: 'mre-test-track',
    client_id: 'appliance_01',
    boot_id: ulid(),
    seq: 1,
    captured_at_us: 1_700_000_000_123_456,
    message_type: 'PASSING',
    payload: { transponder: 1234567, rtc_time_us: 1_700_000_000_123_456, strength: 87 },
    ...overrides,
  };
}

/** Runs `parseEnvelope` and returns the ContractError it throws (fails the test if it does not throw one). */
function refusal(input: unknown): ContractError {
  try {
    parseEnvelope(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error(`parseEnvelope accepted ${JSON.stringify(input)}`);
}

/** Asserts that the refusal names `path` both in its message and in its issues. */
function expectRefusedAt(input: unknown, path: string): ContractError {
  const error = refusal(input);
  expect(error.message).toContain(`${path}:`);
  expect(error.issues.map((i) => i.path)).toContain(path);
  return error;
}

describe('envelope', () => {
  it('envelope - CONTRACT_VERSION is track_ingest.v2', () => {
    expect(CONTRACT_VERSION).toBe('track_ingest.v2');
  });

  it('envelope - a valid envelope built with ulid() ids parses to the same data', () => {
    const input = validEnvelope();
    const copy = structuredClone(input);
    const parsed: Envelope = parseEnvelope(input);
    expect(parsed).toEqual(copy);
    expect(input).toEqual(copy); // input untouched
  });

  it('envelope - accepts a realistic captured_at_us taken from the wall clock', () => {
    const parsed = parseEnvelope(validEnvelope({ captured_at_us: Date.now() * 1000 + 999 }));
    expect(Number.isSafeInteger(parsed.captured_at_us)).toBe(true);
  });

  it('envelope - accepts captured_at_us 0', () => {
    expect(parseEnvelope(validEnvelope({ captured_at_us: 0 })).captured_at_us).toBe(0);
  });

  it('envelope - ingested_at_us is optional', () => {
    const parsed = parseEnvelope(validEnvelope());
    expect(parsed.ingested_at_us).toBeUndefined();
    expect('ingested_at_us' in parsed).toBe(false);
  });

  it('envelope - accepts ingested_at_us when the cloud has set it', () => {
    const parsed = parseEnvelope(validEnvelope({ ingested_at_us: 1_700_000_000_200_000 }));
    expect(parsed.ingested_at_us).toBe(1_700_000_000_200_000);
  });

  it.each([
    { label: 'negative', value: -1 },
    { label: 'fractional', value: 1.5 },
    { label: 'a string', value: '1700000000200000' },
  ])('envelope - refuses ingested_at_us that is $label', ({ value }) => {
    expectRefusedAt(validEnvelope({ ingested_at_us: value }), 'ingested_at_us');
  });

  it('envelope - refuses an unknown contract_version by name', () => {
    const error = refusal(validEnvelope({ contract_version: 'track_ingest.v1' }));
    expect(error.message).toContain('"track_ingest.v1"');
    expect(error.message).toContain('track_ingest.v2');
    expect(error.issues.map((i) => i.path)).toEqual(['contract_version']);
  });

  it('envelope - refuses a newer contract_version by name', () => {
    const error = refusal(validEnvelope({ contract_version: 'track_ingest.v3' }));
    expect(error.message).toContain('"track_ingest.v3"');
    expect(error.message).toContain('track_ingest.v2');
  });

  it('envelope - refuses a missing contract_version and says it is missing', () => {
    const input = validEnvelope();
    delete input.contract_version;
    const error = refusal(input);
    expect(error.message).toMatch(/missing/);
    expect(error.message).toContain('track_ingest.v2');
    expect(error.issues.map((i) => i.path)).toEqual(['contract_version']);
  });

  it('envelope - refuses a non-string contract_version showing the value given', () => {
    const error = refusal(validEnvelope({ contract_version: 2 }));
    expect(error.message).toContain('2');
    expect(error.message).toContain('track_ingest.v2');
  });

  it('envelope - checks contract_version before any other field', () => {
    const error = refusal(validEnvelope({ contract_version: 'track_ingest.v1', seq: 0, track_id: 'BAD.ID' }));
    expect(error.message).toContain('track_ingest.v1');
    expect(error.message).not.toContain('seq');
    expect(error.message).not.toContain('BAD.ID');
  });

  it.each([
    { label: 'null', value: null },
    { label: 'an array', value: [validEnvelope()] },
    { label: 'a string', value: JSON.stringify(validEnvelope()) },
    { label: 'a number', value: 42 },
    { label: 'undefined', value: undefined },
  ])('envelope - refuses input that is $label rather than an object', ({ value }) => {
    const error = refusal(value);
    expect(error.message).toMatch(/object/);
  });

  it.each([
    { label: 'not-a-ulid text', value: 'not-a-ulid' },
    { label: 'a lowercase ULID', value: ulid().toLowerCase() },
    { label: 'a 25-character ULID', value: ulid().slice(1) },
    { label: 'a 27-character ULID', value: ulid() + '0' },
    { label: 'a ULID whose time overflows 48 bits', value: '8' + ulid().slice(1) },
    { label: 'a ULID containing U', value: ulid().slice(0, 25) + 'U' },
    { label: 'a number', value: 12345 },
    { label: 'an empty string', value: '' },
  ])('envelope - refuses an id that is $label, naming id', ({ value }) => {
    expectRefusedAt(validEnvelope({ id: value }), 'id');
  });

  it.each([
    { label: 'not-a-ulid text', value: 'boot-1' },
    { label: 'a lowercase ULID', value: ulid().toLowerCase() },
    { label: 'missing', value: undefined },
  ])('envelope - refuses a boot_id that is $label, naming boot_id', ({ value }) => {
    expectRefusedAt(validEnvelope({ boot_id: value }), 'boot_id');
  });

  it.each([
    { label: 'a dot', value: 'track.1' },
    { label: 'uppercase', value: 'Track1' },
    { label: 'a colon', value: 'track:1' },
    { label: 'empty', value: '' },
    { label: 'a space', value: 'track 1' },
    { label: 'a NATS wildcard *', value: 'track*' },
    { label: 'a NATS wildcard >', value: 'track>' },
    { label: 'a leading dash', value: '-track' },
    { label: '65 characters', value: 'a'.repeat(65) },
    { label: 'a trailing newline', value: 'track\n' },
  ])('envelope - refuses a track_id with $label, naming track_id', ({ value }) => {
    expectRefusedAt(validEnvelope({ track_id: value }), 'track_id');
  });

  it('envelope - accepts a track_id of exactly 64 characters', () => {
    const trackId = 'a'.repeat(64);
    expect(parseEnvelope(validEnvelope({ track_id: trackId })).track_id).toBe(trackId);
  });

  it.each([
    { label: 'a dot', value: 'client.1' },
    { label: 'uppercase', value: 'Client' },
    { label: 'a colon', value: 'client:1' },
    { label: 'empty', value: '' },
  ])('envelope - refuses a client_id with $label, naming client_id', ({ value }) => {
    expectRefusedAt(validEnvelope({ client_id: value }), 'client_id');
  });

  it.each([
    { label: '0', value: 0 },
    { label: '-1', value: -1 },
    { label: '1.5', value: 1.5 },
    { label: 'the string "1"', value: '1' },
    { label: 'NaN', value: Number.NaN },
    { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    { label: 'missing', value: undefined },
  ])('envelope - refuses seq $label, naming seq', ({ value }) => {
    expectRefusedAt(validEnvelope({ seq: value }), 'seq');
  });

  it('envelope - accepts a large seq', () => {
    expect(parseEnvelope(validEnvelope({ seq: 123_456_789 })).seq).toBe(123_456_789);
  });

  it.each([
    { label: 'negative', value: -1 },
    { label: 'fractional', value: 1_700_000_000_123_456.5 },
    { label: 'a string', value: '1700000000123456' },
    { label: 'missing', value: undefined },
  ])('envelope - refuses captured_at_us that is $label, naming captured_at_us', ({ value }) => {
    expectRefusedAt(validEnvelope({ captured_at_us: value }), 'captured_at_us');
  });

  it.each([
    { label: 'an unknown name', value: 'LAP' },
    { label: 'a lowercase name', value: 'passing' },
    { label: 'TOR_ with lowercase hex', value: 'TOR_0x001c' },
    { label: 'TOR_ with too few hex digits', value: 'TOR_0x1C' },
    { label: 'TOR_ with too many hex digits', value: 'TOR_0x0001C' },
    { label: 'TOR_ without 0x', value: 'TOR_001C' },
    { label: 'empty', value: '' },
    { label: 'a number', value: 1 },
  ])('envelope - refuses a message_type that is $label, naming message_type', ({ value }) => {
    expectRefusedAt(validEnvelope({ message_type: value }), 'message_type');
  });

  it.each(NAMED_MESSAGE_TYPES.map((t) => ({ type: t })))('envelope - accepts the named message_type $type', ({ type }) => {
    expect(parseEnvelope(validEnvelope({ message_type: type })).message_type).toBe(type);
  });

  it('envelope - the named message types include GAP and CONTROL', () => {
    expect(NAMED_MESSAGE_TYPES).toContain('GAP');
    expect(NAMED_MESSAGE_TYPES).toContain('CONTROL');
    expect(NAMED_MESSAGE_TYPES).toContain('PASSING');
  });

  it('envelope - accepts an unnamed decoder record type TOR_0x001C', () => {
    expect(parseEnvelope(validEnvelope({ message_type: 'TOR_0x001C' })).message_type).toBe('TOR_0x001C');
  });

  it('envelope - accepts a CONTROL intent with its payload', () => {
    const parsed = parseEnvelope(validEnvelope({ message_type: 'CONTROL', payload: { intent: 'stage', heat: 3 } }));
    expect(parsed.payload).toEqual({ intent: 'stage', heat: 3 });
  });

  it('envelope - accepts a GAP record', () => {
    expect(parseEnvelope(validEnvelope({ message_type: 'GAP', payload: { from: 10, to: 12 } })).message_type).toBe('GAP');
  });

  it('envelope - accepts an empty payload object', () => {
    expect(parseEnvelope(validEnvelope({ payload: {} })).payload).toEqual({});
  });

  it.each([
    { label: 'an array', value: [1, 2, 3] },
    { label: 'null', value: null },
    { label: 'a string', value: '{"a":1}' },
    { label: 'a number', value: 7 },
    { label: 'missing', value: undefined },
  ])('envelope - refuses a payload that is $label, naming payload', ({ value }) => {
    expectRefusedAt(validEnvelope({ payload: value }), 'payload');
  });

  it('envelope - refuses an extra unknown field, naming it', () => {
    const error = refusal(validEnvelope({ extra_field: 1 }));
    expect(error.message).toContain('extra_field');
  });

  it('envelope - reports every bad field at once', () => {
    const error = refusal(validEnvelope({ seq: 0, track_id: 'Bad', payload: [] }));
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['seq', 'track_id', 'payload']));
    expect(error.message).toContain('seq:');
    expect(error.message).toContain('track_id:');
    expect(error.message).toContain('payload:');
  });

  it('envelope - the error is a ContractError named ContractError', () => {
    const error = refusal(validEnvelope({ seq: 0 }));
    expect(error.name).toBe('ContractError');
    expect(error).toBeInstanceOf(Error);
  });
});
