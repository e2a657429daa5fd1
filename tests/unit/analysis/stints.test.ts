/** @module Consistency by stint: five clean laps a stint, a short last stint joined to the one before, average and spread per stint, the steadiest and least steady named. */
import { describe, expect, test } from 'vitest';
import { stints, STINT_LAPS } from '../../../shared/analysis/index.ts';
import { builtRace, steady } from './race-builder.ts';

describe('coaching stints', () => {
  test('stints - 22 clean laps make four stints, the last of seven; a tiring driver shows a slower, wider last stint', () => {
    const laps = [...steady(10, 20, 0.05), ...steady(5, 20.5, 0.2), ...steady(7, 21.5, 0.6)];
    const answer = stints(builtRace([{ key: 'a', name: 'Ana', laps }]), 'a')!;
    expect(STINT_LAPS).toBe(5);
    expect(answer.stints.map((s) => [s.first_lap, s.last_lap, s.laps])).toEqual([[1, 5, 5], [6, 10, 5], [11, 15, 5], [16, 22, 7]]);
    expect(Math.abs(answer.stints[0]!.avg_ms - 20_000)).toBeLessThan(100);
    expect(Math.abs(answer.stints[3]!.avg_ms - 21_500)).toBeLessThan(300);
    expect(answer.least_steady!.number).toBe(4);
    expect([1, 2]).toContain(answer.steadiest!.number);
    expect(answer.sentence).toMatch(/^Over 4 stints of about 5 clean laps, Ana's last stint \(laps 16–22\) was 1\.\d{3} s a lap slower than the first \(laps 1–5\)\. Steadiest: laps (1–5|6–10), laps within ±0\.0\d{2} s; least steady: laps 16–22, ±0\.\d{3} s\.$/);
  });

  test('stints - crash laps are not in any stint; fewer than two stints is said plainly', () => {
    const laps = steady(12, 20);
    laps[3] = 40;
    const answer = stints(builtRace([{ key: 'a', laps }]), 'a')!;
    expect(answer.stints.flatMap((s) => [s.first_lap, s.last_lap])).toEqual([1, 6, 7, 12]);
    expect(answer.stints[0]!.laps).toBe(5);
    expect(stints(builtRace([{ key: 'a', laps: steady(4, 20) }]), 'a')!.sentence).toContain('not enough for two stints');
    expect(stints(builtRace([{ key: 'a', laps: [] }]), 'a')!.stints).toEqual([]);
    expect(stints(builtRace([{ key: 'a', laps }]), 'zz')).toBeNull();
  });
});
