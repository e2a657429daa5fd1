/** @module Where a driver's laps fell off: the lap named for a known drop, how much slower, crash laps left out, a pace that held, and races too short or without the driver. */
import { describe, expect, test } from 'vitest';
import { fallOff, ROLLING_LAPS } from '../../../shared/analysis/index.ts';
import { builtRace, steady } from './race-builder.ts';

const DROP = [23.5, ...steady(19, 20), ...steady(10, 21.5)];

describe('coaching fall-off', () => {
  test('fall-off - laps at 20.0 s to lap 20 and 21.5 s from lap 21: the answer names lap 21 and 1.5 s a lap slower', () => {
    const answer = fallOff(builtRace([{ key: 'a', name: 'Alex', laps: DROP }]), 'a')!;
    expect(answer.kind).toBe('fell_off');
    expect(answer.fall_off_lap).toBe(21);
    expect(answer.early_laps).toEqual([2, 3, 4, 5, 6]);
    expect(answer.slower_ms! / 1000).toBeCloseTo(1.5, 1);
    expect(answer.sentence).toMatch(/^Alex's laps fell off from lap 21: from there the clean laps averaged 21\.\d{3} s, 1\.\d{3} s \(7\.\d %\) slower than the early pace of 20\.\d{3} s \(laps 2–6\)\.$/);
    expect(answer.rolling).toHaveLength(DROP.length - 1 - ROLLING_LAPS + 1);
  });

  test('fall-off - a crash lap in the slow stretch is named and left out of the pace; a suspect-flagged lap too', () => {
    const laps = [...DROP];
    laps[24] = 35;
    const answer = fallOff(builtRace([{ key: 'a', laps, suspect: [8] }]), 'a')!;
    expect(answer.fall_off_lap).toBe(21);
    expect(answer.crashes).toEqual([8, 25]);
    expect(answer.sentence).toContain('laps 8 and 25 were left out as crash laps.');
    expect(answer.slower_ms! / 1000).toBeCloseTo(1.5, 1);
  });

  test('fall-off - one slow stretch that recovers is not a fall-off, nor a slow last lap or two; the pace held, with its slowest point', () => {
    const recovered = [23, ...steady(9, 20), ...steady(5, 21.5), ...steady(10, 20)];
    const held = fallOff(builtRace([{ key: 'a', laps: recovered }]), 'a')!;
    expect(held.kind).toBe('held');
    expect(held.fall_off_lap).toBeNull();
    expect(held.worst!.lap).toBeGreaterThanOrEqual(11);
    expect(held.sentence).toMatch(/pace held/);
    const tired = fallOff(builtRace([{ key: 'a', laps: [23, ...steady(19, 20), 21.8, 21.9] }]), 'a')!;
    expect(tired.kind).toBe('held');
  });

  test('fall-off - too few laps, no laps, all laps suspect, and a driver not in the race', () => {
    expect(fallOff(builtRace([{ key: 'a', laps: steady(6, 20) }]), 'a')!.kind).toBe('too_few_laps');
    expect(fallOff(builtRace([{ key: 'a', laps: [] }]), 'a')!.sentence).toContain('ran 0 clean laps');
    const suspect = fallOff(builtRace([{ key: 'a', laps: steady(20, 20), suspect: Array.from({ length: 20 }, (_, i) => i + 1) }]), 'a')!;
    expect(suspect.kind).toBe('too_few_laps');
    expect(suspect.crashes).toHaveLength(20);
    expect(fallOff(builtRace([{ key: 'a', laps: DROP }]), 'nobody')).toBeNull();
  });
});
