/** @module Random but valid P3 records of every type, for round-trip and fuzz tests. */
import { TOR, type P3Record } from '../../shared/p3/index.ts';
import { RECORD_FIELDS, GENERAL_FIELDS, fieldKey, type FieldSpec } from '../../shared/p3/fields.ts';
import { toHex } from '../../shared/p3/values.ts';
import type { Rng } from '../../shared/random/index.ts';

const PRINTABLE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ .';

function value(rng: Rng, spec: FieldSpec): number | string {
  switch (spec.kind) {
    case 'uint': {
      const max = spec.width >= 7 ? Number.MAX_SAFE_INTEGER : 2 ** (8 * spec.width) - 1;
      // Bias towards values whose bytes include 0x8D-0x8F so escaping is exercised.
      return rng.bool(0.2) ? Math.min(max, 0x8e8d) : Math.floor(rng.next() * max);
    }
    case 'int': {
      const half = 2 ** (8 * spec.width - 1);
      return rng.int(-half, half - 1);
    }
    case 'ascii':
      return Array.from({ length: rng.int(1, spec.width) }, () => rng.pick([...PRINTABLE])).join('').replace(/ +$/, 'X');
    case 'hex':
      return toHex(rng.bytes(spec.width));
  }
}

export function randomRecord(rng: Rng): P3Record {
  const generic = rng.bool(0.15);
  const tor = generic ? rng.pick([0x0000, 0x0013, 0x001c, 0x0020, 0x0045, 0x4a2b]) : rng.pick(Object.values(TOR));
  const specs = [...(RECORD_FIELDS[tor] ?? []), ...GENERAL_FIELDS];
  const record: Record<string, unknown> = { type: '', tor, version: rng.pick([0, 1, 2, 2, 2]), crc_ok: true };
  for (const spec of specs) if (rng.bool(0.7)) record[spec.name] = value(rng, spec);
  const named = new Set(specs.map((s) => s.id));
  const unknown: Record<string, string> = {};
  for (let i = rng.int(0, 2); i > 0; i--) {
    const id = rng.int(0x01, 0xfe);
    if (!named.has(id)) unknown[fieldKey(id)] = toHex(rng.bytes(rng.int(1, 9)));
  }
  if (Object.keys(unknown).length > 0) record.unknown_fields = unknown;
  record.type = generic ? `TOR_0x${tor.toString(16).toUpperCase().padStart(4, '0')}` : Object.entries(TOR).find(([, t]) => t === tor)![0];
  return record as unknown as P3Record;
}
