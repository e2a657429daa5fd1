/** @module How race control words an RC main's bump place: open with the finisher it waits for, filled with the main its driver came up from, nothing for any other place. */
import { describe, expect, test } from 'vitest';
import { bumpText } from '../../web/control/bump-text.ts';

describe('control bump text', () => {
  test('control bump text - open, the place names the lower main\'s winner or its 2nd, 3rd …; filled, where the driver came up from; other places carry no note', () => {
    expect(bumpText({ lane: 9, rider_id: null, bump: { from: 'B-Main', place: 1 } })).toBe('open place for the B-Main winner');
    expect([2, 3, 4, 11, 12, 13, 21, 22].map((place) => bumpText({ lane: 9, rider_id: null, bump: { from: 'C-Main', place } }))).toEqual(['2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd'].map((p) => `open place for the C-Main ${p}`));
    expect(bumpText({ lane: 10, rider_id: 'r1', bump: { from: 'B-Main', place: 2 } })).toBe('bumped up from B-Main');
    expect(bumpText({ lane: 1, rider_id: 'r1' })).toBeNull();
    expect(bumpText({ lane: 1, rider_id: null })).toBeNull();
  });
});
