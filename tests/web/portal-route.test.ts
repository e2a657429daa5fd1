/** @module The portal's views kept in the address's hash: LiveRC events and races, the box events list, and a box event and race with their track; anything else is the search. */
import { describe, expect, it } from 'vitest';
import { eventHref, parseRoute, raceHref } from '../../web/portal/route.ts';

describe('portal route', () => {
  it('portal route - LiveRC and box events and races round-trip through their hrefs', () => {
    const box = { kind: 'box' as const, track: 'gamma' };
    expect(parseRoute(eventHref('610001'))).toEqual({ view: 'event', id: '610001', source: { kind: 'liverc' } });
    expect(parseRoute(raceHref('7000001', '610001'))).toEqual({ view: 'race', id: '7000001', event: '610001', source: { kind: 'liverc' } });
    expect(parseRoute(eventHref('club-night', box))).toEqual({ view: 'event', id: 'club-night', source: box });
    expect(parseRoute(raceHref('heat-1', 'club-night', box))).toEqual({ view: 'race', id: 'heat-1', event: 'club-night', source: box });
    expect(parseRoute('#/box')).toEqual({ view: 'box' });
  });

  it('portal route - ids that are no tokens, and unknown hashes, fall back to the search', () => {
    for (const hash of ['', '#/', '#/box/Gamma/events/x', '#/box/gamma/events/../x', '#/box/gamma/races/e', '#/events/abc', '#/boxes']) expect(parseRoute(hash)).toEqual({ view: 'search' });
  });
});
