/** @module Unit tests for the idempotency key `{track_id}:{client_id}:{boot_id}:{seq}` and its parser. */
import { describe, expect, it } from 'vitest';
import { ContractError, idempotencyKey, parseEnvelope, parseIdempotencyKey } from '../../../shared/contracts/index.ts';
import { ulid } from '../../../shared/ids/index.ts';

const BOOT = '01HZX3J8Q4V6N2B7C9D0E1F2G3';

describe('idempotency', () => {
  it('idempotency - key is exactly track:client:boot:seq', () => {
    expect(idempotencyKey({ track_id: 'mre-track', client_id: 'appliance_01', boot_id: BOOT, seq: 42 })).toBe(
      `mre-track:appliance_01:${BOOT}:42`,
    );
  });

  it('idempotency - key built from a whole envelope uses only the four key fields', () => {
    const envelope = parseEnvelope({
      id: ulid(),
      contract_version: 'track_ingest.v2',
      track_id: 't1',
      client_id: 'c1',
      boot_id: BOOT,
      seq: 7,
      captured_at_us: 1,
      message_type: 'PASSING',
      payload: {},
    });
    expect(idempotencyKey(envelope)).toBe(`t1:c1:${BOOT}:7`);
  });

  it('idempotency - different seq or boot give different keys', () => {
    const parts = { track_id: 't', client_id: 'c', boot_id: BOOT, seq: 1 };
    const keys = new Set([
      idempotencyKey(parts),
      idempotencyKey({ ...parts, seq: 2 }),
      idempotencyKey({ ...parts, boot_id: ulid() }),
      idempotencyKey({ ...parts, client_id: 'd' }),
    ]);
    expect(keys.size).toBe(4);
  });

  it.each([
    { track_id: 't1', client_id: 'c1', boot_id: BOOT, seq: 1 },
    { track_id: 'a'.repeat(64), client_id: 'client-with_dashes', boot_id: ulid(), seq: 9_007_199_254_740_991 },
    { track_id: '0', client_id: '9', boot_id: ulid(), seq: 100_000 },
  ])('idempotency - parse round-trips the key of $track_id/$client_id seq $seq', (parts) => {
    const key = idempotencyKey(parts);
    const parsed = parseIdempotencyKey(key);
    expect(parsed).toEqual(parts);
    expect(typeof parsed.seq).toBe('number');
    expect(idempotencyKey(parsed)).toBe(key);
  });

  it.each([
    { label: 'an empty string', key: '' },
    { label: 'three parts', key: `t:c:${BOOT}` },
    { label: 'five parts', key: `t:c:${BOOT}:1:2` },
    { label: 'an empty track_id', key: `:c:${BOOT}:1` },
    { label: 'an empty client_id', key: `t::${BOOT}:1` },
    { label: 'an empty boot_id', key: 't:c::1' },
    { label: 'an empty seq', key: `t:c:${BOOT}:` },
    { label: 'seq 0', key: `t:c:${BOOT}:0` },
    { label: 'a negative seq', key: `t:c:${BOOT}:-1` },
    { label: 'a fractional seq', key: `t:c:${BOOT}:1.5` },
    { label: 'a non-numeric seq', key: `t:c:${BOOT}:x` },
    { label: 'an Infinity seq', key: `t:c:${BOOT}:Infinity` },
    { label: 'no separators at all', key: 'not-a-key' },
  ])('idempotency - refuses a malformed key with $label', ({ key }) => {
    expect(() => parseIdempotencyKey(key)).toThrow(ContractError);
  });

  it('idempotency - the refusal quotes the key and shows the expected shape', () => {
    expect(() => parseIdempotencyKey('t:c:b')).toThrow(/"t:c:b".*track_id:client_id:boot_id:seq/);
  });

  /** Returns the keys that parseIdempotencyKey accepts (with what it parsed them to). */
  function accepted(keys: readonly string[]): string[] {
    const out: string[] = [];
    for (const key of keys) {
      try {
        out.push(`${JSON.stringify(key)} -> ${JSON.stringify(parseIdempotencyKey(key))}`);
      } catch (error) {
        if (!(error instanceof ContractError)) throw error;
      }
    }
    return out;
  }

  // A key is a dedupe key: two different strings must never stand for the same parts, so any
  // key the parser accepts must be exactly the key idempotencyKey() makes from what it parsed.
  it('idempotency - refuses a seq not written the way idempotencyKey writes it', () => {
    const forms = ['01', '1e3', '0x10', ' 1', '1 ', '+1', '1.0', '9007199254740993'];
    expect(accepted(forms.map((seq) => `t:c:${BOOT}:${seq}`))).toEqual([]);
  });

  it('idempotency - refuses a key whose parts no valid envelope could have', () => {
    const keys = [
      `Track:c:${BOOT}:1`, // uppercase track_id
      `my track:c:${BOOT}:1`, // space in track_id
      `t:c.1:${BOOT}:1`, // dot in client_id
      't:c:boot-1:1', // boot_id not a ULID
    ];
    expect(accepted(keys)).toEqual([]);
  });
});
