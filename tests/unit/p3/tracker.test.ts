/** @module Passing-number tracker tests: in order, gaps, repeats, late arrivals and counter resets, per decoder. */
import { describe, expect, it } from 'vitest';
import { PassingTracker } from '../../../shared/p3/index.ts';

describe('p3 tracker', () => {
  it('p3 tracker - accepts consecutive numbers quietly', () => {
    const tracker = new PassingTracker();
    expect([1, 2, 3].map((n) => tracker.observe(7, n).kind)).toEqual(['first', 'next', 'next']);
    expect(tracker.counts).toEqual({ gaps: 0, missing: 0, repeats: 0, late: 0, resets: 0 });
  });

  it('p3 tracker - reports a gap with the missing range', () => {
    const tracker = new PassingTracker();
    tracker.observe(7, 711880);
    expect(tracker.observe(7, 711882)).toEqual({ kind: 'gap', from: 711881, to: 711881, missing: 1 });
    expect(tracker.observe(7, 711890)).toEqual({ kind: 'gap', from: 711883, to: 711889, missing: 7 });
    expect(tracker.counts).toMatchObject({ gaps: 2, missing: 8 });
    expect(tracker.openGaps(7)).toEqual([[711881, 711881], [711883, 711889]]);
  });

  it('p3 tracker - reports a replayed number as a repeat', () => {
    const tracker = new PassingTracker();
    for (const n of [100, 101, 102]) tracker.observe(7, n);
    expect(tracker.observe(7, 101).kind).toBe('repeat');
    expect(tracker.observe(7, 102).kind).toBe('repeat');
    expect(tracker.counts.repeats).toBe(2);
    expect(tracker.last(7)).toBe(102);
  });

  it('p3 tracker - a missing number that turns up later fills its gap', () => {
    const tracker = new PassingTracker();
    tracker.observe(7, 10);
    tracker.observe(7, 15);
    expect(tracker.observe(7, 12).kind).toBe('late');
    expect(tracker.openGaps(7)).toEqual([[11, 11], [13, 14]]);
    expect(tracker.observe(7, 12).kind).toBe('repeat');
  });

  it('p3 tracker - a jump back to a number never seen is a counter reset', () => {
    const tracker = new PassingTracker();
    tracker.observe(7, 113877);
    expect(tracker.observe(7, 1)).toEqual({ kind: 'reset', previous: 113877 });
    expect(tracker.observe(7, 2).kind).toBe('next');
    expect(tracker.counts.resets).toBe(1);
  });

  it('p3 tracker - a number reused with another fingerprint is a counter reset, the same fingerprint a repeat', () => {
    const tracker = new PassingTracker();
    for (let n = 1; n <= 10; n++) tracker.observe(7, n, `${n * 1000}/42`);
    expect(tracker.observe(7, 9, '9000/42').kind).toBe('repeat');
    expect(tracker.observe(7, 1, '55000/43')).toEqual({ kind: 'reset', previous: 10 });
    expect(tracker.observe(7, 2, '56000/43').kind).toBe('next');
    expect(tracker.observe(7, 4, '58000/43')).toEqual({ kind: 'gap', from: 3, to: 3, missing: 1 });
    expect(tracker.observe(7, 2, '56000/43').kind).toBe('repeat');
    expect(tracker.counts).toMatchObject({ repeats: 2, resets: 1, gaps: 1 });
  });

  it('p3 tracker - keeps each decoder separate', () => {
    const tracker = new PassingTracker();
    tracker.observe(1, 500);
    expect(tracker.observe(2, 500).kind).toBe('first');
    expect(tracker.observe(1, 501).kind).toBe('next');
    expect(tracker.observe(2, 502).kind).toBe('gap');
  });

  it('p3 tracker - forgets numbers beyond its window, so memory stays bounded', () => {
    const tracker = new PassingTracker({ window: 10 });
    for (let n = 1; n <= 50; n++) tracker.observe(7, n);
    expect(tracker.observe(7, 45).kind).toBe('repeat');
    expect(tracker.observe(7, 5).kind).toBe('reset');
  });
});
