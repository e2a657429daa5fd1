/** @module LiveRC URL building: the real hosts, loopback path-prefix hosts, robots.txt locations, refused slugs and ids. */
import { describe, expect, it } from 'vitest';
import { liveRcUrls, LiveRcUrlError } from '../../../../cloud/liverc/urls.ts';

describe('liverc urls', () => {
  const real = liveRcUrls();
  const local = liveRcUrls({ catalogue: 'http://127.0.0.1:4000/live', track: 'http://127.0.0.1:4000/{slug}/' });

  it('liverc urls - pages on the real hosts follow the LiveRC URL table', () => {
    expect(real.trackList()).toBe('https://live.liverc.com/');
    expect(real.dashboard('trc')).toBe('https://trc.liverc.com/');
    expect(real.eventList('canberraoffroad')).toBe('https://canberraoffroad.liverc.com/events/');
    expect(real.event('canberraoffroad', '486677')).toBe('https://canberraoffroad.liverc.com/results/?p=view_event&id=486677');
    expect(real.entryList('canberraoffroad', '486677')).toBe('https://canberraoffroad.liverc.com/results/?p=view_entry_list&id=486677');
    expect(real.raceResult('canberraoffroad', '6304829')).toBe('https://canberraoffroad.liverc.com/results/?p=view_race_result&id=6304829');
  });

  it('liverc urls - a loopback server takes hosts as path prefixes', () => {
    expect(local.trackList()).toBe('http://127.0.0.1:4000/live/');
    expect(local.dashboard('trc')).toBe('http://127.0.0.1:4000/trc/');
    expect(local.raceResult('trc', '1')).toBe('http://127.0.0.1:4000/trc/results/?p=view_race_result&id=1');
  });

  it('liverc urls - robots.txt is at the root of the LiveRC host a URL belongs to', () => {
    expect(real.robots(real.trackList())).toBe('https://live.liverc.com/robots.txt');
    expect(real.robots(real.event('trc', '1'))).toBe('https://trc.liverc.com/robots.txt');
    expect(real.sitePath(real.event('trc', '1'))).toBe('/results/?p=view_event&id=1');
    expect(local.robots(local.eventList('trc'))).toBe('http://127.0.0.1:4000/trc/robots.txt');
    expect(local.robots(local.trackList())).toBe('http://127.0.0.1:4000/live/robots.txt');
    expect(local.sitePath(local.event('trc', '1'))).toBe('/results/?p=view_event&id=1');
    expect(local.sitePath(local.trackList())).toBe('/');
    // A URL outside both templates falls back to its origin.
    expect(real.robots('https://www.example.org/a/b')).toBe('https://www.example.org/robots.txt');
  });

  it('liverc urls - slugs that are not host labels are refused', () => {
    for (const slug of ['', 'Trc', 'trc.evil.com', 'a/b', '-trc', 'trc-', 'x'.repeat(64), 'tr c']) {
      expect(() => real.dashboard(slug)).toThrow(LiveRcUrlError);
    }
    expect(() => real.dashboard('x'.repeat(63))).not.toThrow();
    expect(() => real.dashboard('south-coast-rc')).not.toThrow();
  });

  it('liverc urls - ids that are not digits are refused, naming which id', () => {
    expect(() => real.event('trc', '48 6677')).toThrow('event id "48 6677" must be 1-12 digits');
    expect(() => real.raceResult('trc', '1&p=x')).toThrow(/^race id/);
    expect(() => real.entryList('trc', '')).toThrow(LiveRcUrlError);
  });

  it('liverc urls - host templates must be http(s) URLs and the track template must hold {slug}', () => {
    expect(() => liveRcUrls({ catalogue: 'ftp://live.liverc.com', track: 'https://{slug}.liverc.com' })).toThrow(/must be http\(s\)/);
    expect(() => liveRcUrls({ catalogue: 'https://live.liverc.com', track: 'https://trc.liverc.com' })).toThrow(/must contain \{slug\}/);
    expect(() => liveRcUrls({ catalogue: 'not a url', track: 'https://{slug}.liverc.com' })).toThrow(/is not a URL/);
    expect(() => liveRcUrls({ catalogue: 'https://live.liverc.com/?x=1', track: 'https://{slug}.liverc.com' })).toThrow(/query/);
  });
});
