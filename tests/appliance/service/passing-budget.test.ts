/** @module The live feed's passing budget: a burst goes through, a flood is thinned to the sustained rate and counted. */
import { describe, expect, it } from 'vitest';
import { PassingBudget } from '../../../appliance/service/passing-budget.ts';

describe('passing budget', () => {
  it('passing budget - a burst up to its size goes through at once, the rest is counted as skipped', () => {
    let now = 0;
    const budget = new PassingBudget({ perSecond: 10, burst: 5, clock: () => now });
    const taken = Array.from({ length: 8 }, () => budget.take());
    expect(taken).toEqual([true, true, true, true, true, false, false, false]);
    expect(budget.drainSkipped()).toBe(3);
    expect(budget.drainSkipped()).toBe(0);
    expect(budget.skippedTotal).toBe(3);
  });

  it('passing budget - a steady flood is thinned to the sustained rate', () => {
    let now = 0;
    const budget = new PassingBudget({ perSecond: 50, burst: 1, clock: () => now });
    let sent = 0;
    // 10,000 passings a second for 10 s.
    for (let i = 0; i < 100_000; i++) {
      now = i / 10;
      if (budget.take()) sent++;
    }
    expect(sent).toBeGreaterThanOrEqual(499);
    expect(sent).toBeLessThanOrEqual(501);
    expect(budget.skippedTotal).toBe(100_000 - sent);
  });

  it('passing budget - refuses a budget that could never send', () => {
    expect(() => new PassingBudget({ perSecond: 0, burst: 1 })).toThrow(/perSecond > 0/);
  });
});
