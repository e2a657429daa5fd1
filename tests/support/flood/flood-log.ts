/** @module What a flood left in the log: passing numbers per decoder, their repeats and holes, and whether seq ran without gaps per boot. */
import type { Envelope } from '../../../shared/contracts/index.ts';

export interface LogAudit {
  passings: number;
  first: number | null;
  last: number | null;
  /** Numbers logged more than once. */
  repeated: number[];
  /** Numbers between first and last never logged. */
  missing: number;
  /** Boots whose seq did not run 1, 2, 3 … */
  seqBroken: string[];
}

export function auditLog(envelopes: Envelope[]): LogAudit {
  const numbers = new Map<number, number>();
  const seqs = new Map<string, number>();
  const seqBroken = new Set<string>();
  for (const e of envelopes) {
    const expected = (seqs.get(e.boot_id) ?? 0) + 1;
    if (e.seq !== expected) seqBroken.add(e.boot_id);
    seqs.set(e.boot_id, e.seq);
    if (e.message_type !== 'PASSING') continue;
    const n = (e.payload.record as { passing_number: number }).passing_number;
    numbers.set(n, (numbers.get(n) ?? 0) + 1);
  }
  const sorted = [...numbers.keys()].sort((a, b) => a - b);
  const first = sorted[0] ?? null;
  const last = sorted.at(-1) ?? null;
  return {
    passings: [...numbers.values()].reduce((a, b) => a + b, 0),
    first,
    last,
    repeated: sorted.filter((n) => numbers.get(n)! > 1).slice(0, 20),
    missing: first === null || last === null ? 0 : last - first + 1 - sorted.length,
    seqBroken: [...seqBroken],
  };
}
