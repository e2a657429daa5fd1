/** @module Now and next: the race at the gate and the next two in staging, from the running order and each race's progress (docs/race-meetings.md example 16). */
import { describe, expect, it } from 'vitest';
import { buildMotoSheet, nowAndNext } from '../../../../shared/race/meeting/index.ts';
import { cls, ids } from './meeting-fixtures.ts';

describe('now and next', () => {
  const sheet = buildMotoSheet([cls('a', ids('a', 6)), cls('b', ids('b', 5))], { seed: 9 });
  const numbers = (list: { race_id: string }[]) => list.map((m) => m.race_id);

  it('now and next - example 16: moto 3 running, moto 4 staged: 4 at the gate, 5 and 6 in staging', () => {
    const now = nowAndNext(sheet.motos, { 'moto-1': 'finished', 'moto-2': 'finished', 'moto-3': 'running', 'moto-4': 'staged' });
    expect(numbers(now.running)).toEqual(['moto-3']);
    expect(now.at_gate?.race_id).toBe('moto-4');
    expect(numbers(now.staging)).toEqual(['moto-5', 'moto-6']);
  });

  it('now and next - nothing staged: the first race not yet run is at the gate; skipped races are passed over', () => {
    const now = nowAndNext(sheet.motos, { 'moto-1': 'finished', 'moto-2': 'running', 'moto-3': 'skipped' });
    expect(now.at_gate?.race_id).toBe('moto-4');
    expect(numbers(now.staging)).toEqual(['moto-5', 'moto-6']);
  });

  it('now and next - a race staged out of order is at the gate, and staging keeps the earlier ones', () => {
    const now = nowAndNext(sheet.motos, { 'moto-1': 'finished', 'moto-4': 'staged' });
    expect(now.at_gate?.race_id).toBe('moto-4');
    expect(numbers(now.staging)).toEqual(['moto-2', 'moto-3']);
  });

  it('now and next - at the end of the day nothing is at the gate', () => {
    const done = Object.fromEntries(sheet.motos.map((m) => [m.race_id, 'finished' as const]));
    expect(nowAndNext(sheet.motos, done)).toEqual({ running: [], at_gate: null, staging: [] });
  });
});
