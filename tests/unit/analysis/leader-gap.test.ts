/** @module The gap to the leader in the first five minutes: per lap from running totals, the costliest lap, the winner compared with the runner-up, and races with nobody to compare with. */
import { describe, expect, test } from 'vitest';
import { leaderGap } from '../../../shared/analysis/index.ts';
import { builtRace } from './race-builder.ts';

const leader = { key: 'lead', name: 'Lee', laps: Array.from({ length: 20 }, () => 20) };
const chaser = { key: 'chase', name: 'Cam', laps: Array.from({ length: 19 }, (_, i) => (i === 6 ? 22.5 : 20.5)) };

describe('coaching leader gap', () => {
  test('leader gap - behind by the running totals after each lap within 5 minutes, the costliest lap named', () => {
    const answer = leaderGap(builtRace([leader, chaser]), 'chase')!;
    expect(answer.reference_key).toBe('lead');
    expect(answer.reference_role).toBe('leader');
    // 20.5 s laps finish 14 laps in 289.5 s (+2 s on lap 7 = 291.5 s); the 15th would pass 300 s.
    expect(answer.points.map((p) => p.lap)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(answer.points[0]).toEqual({ lap: 1, gap_ms: 500, lap_delta_ms: 500 });
    expect(answer.gap_ms).toBe(14 * 500 + 2000);
    expect(answer.worst!.lap).toBe(7);
    expect(answer.sentence).toBe('In the first 5 minutes (laps 1–14) Cam was 9.000 s behind the winner, Lee, losing 0.643 s a lap on average. The most time went on lap 7: 2.500 s.');
  });

  test('leader gap - the winner is compared with the runner-up and is ahead', () => {
    const answer = leaderGap(builtRace([leader, chaser]), 'lead')!;
    expect(answer.reference_role).toBe('runner_up');
    expect(answer.gap_ms).toBeLessThan(0);
    // Lee's own 15th lap ends at exactly 300 s, so the winner's opening is one lap longer.
    expect(answer.sentence).toBe('In the first 5 minutes (laps 1–15) Lee was 9.500 s ahead of the runner-up, Cam, gaining 0.633 s a lap on average. Lee lost time on no lap.');
  });

  test('leader gap - nobody else with laps, a driver with no laps, a driver not in the race', () => {
    expect(leaderGap(builtRace([leader, { key: 'dns', laps: [] }]), 'lead')!.kind).toBe('no_reference');
    expect(leaderGap(builtRace([leader, { key: 'dns', laps: [] }]), 'dns')!.kind).toBe('no_laps');
    expect(leaderGap(builtRace([leader]), 'x')).toBeNull();
  });
});
