/** @module robots.txt reading as RFC 9309 has it: group choice, longest match, wildcards, Crawl-delay. */
import { describe, expect, it } from 'vitest';
import { isAllowed, parseRobots } from '../../../../cloud/liverc/http/robots.ts';
import { allowAll } from '../../../../cloud/liverc/http/robots.ts';
import { policyFromAnswer, RobotsCache, ROBOTS_TTL_MS } from '../../../../cloud/liverc/http/robots-cache.ts';

const TOKEN = 'MRE-Trackside-LiveRC';
const parse = (text: string) => parseRobots(text, TOKEN, 'test robots.txt');

describe('liverc robots rules', () => {
  it('robots rules - the longest matching rule wins, Allow on a tie, no match allows', () => {
    const policy = parse(['User-agent: *', 'Disallow: /results/', 'Allow: /results/?p=view_event', 'Disallow: /a', 'Allow: /a'].join('\n'));
    expect(isAllowed(policy, '/results/?p=view_event&id=1')).toBe(true);
    expect(isAllowed(policy, '/results/?p=view_race_result&id=1')).toBe(false);
    expect(isAllowed(policy, '/a/b')).toBe(true);
    expect(isAllowed(policy, '/events/')).toBe(true);
  });

  it('robots rules - a group naming our product token replaces the * group', () => {
    const text = ['User-agent: *', 'Disallow: /', '', 'User-agent: mre-trackside-liverc/0.1', 'Disallow: /practice/'].join('\n');
    const policy = parse(text);
    expect(isAllowed(policy, '/events/')).toBe(true);
    expect(isAllowed(policy, '/practice/?p=calendar')).toBe(false);
    expect(isAllowed(parseRobots(text, 'SomeOtherBot', 'x'), '/events/')).toBe(false);
  });

  it('robots rules - groups for the same agent merge, and consecutive user-agent lines share one group', () => {
    const text = ['User-agent: otherbot', 'User-agent: *', 'Disallow: /live/', '', 'User-agent: *', 'Disallow: /videos/', 'Crawl-delay: 2.5'].join('\n');
    const policy = parse(text);
    expect(isAllowed(policy, '/live/scoring/')).toBe(false);
    expect(isAllowed(policy, '/videos/')).toBe(false);
    expect(isAllowed(policy, '/events/')).toBe(true);
    expect(policy.crawlDelayMs).toBe(2_500);
  });

  it('robots rules - * matches any run of characters and $ anchors the end', () => {
    const policy = parse(['User-agent: *', 'Disallow: /*view_race_result', 'Disallow: /*.php$', 'Allow: /index.php?x'].join('\n'));
    expect(isAllowed(policy, '/results/?p=view_race_result&id=6304829')).toBe(false);
    expect(isAllowed(policy, '/results/?p=view_event&id=486677')).toBe(true);
    expect(isAllowed(policy, '/index.php')).toBe(false);
    expect(isAllowed(policy, '/index.php?x=1')).toBe(true);
  });

  it('robots rules - comments, odd case and an empty Disallow are read as the RFC says', () => {
    const policy = parse(['# LiveRC', 'USER-AGENT: * # everyone', 'disallow:', 'DISALLOW: /Drivers/ # case matters in paths', 'Sitemap: https://x/sitemap.xml'].join('\r\n'));
    expect(isAllowed(policy, '/')).toBe(true);
    expect(isAllowed(policy, '/Drivers/1')).toBe(false);
    expect(isAllowed(policy, '/drivers/1')).toBe(true);
    expect(policy.crawlDelayMs).toBeNull();
  });

  it('robots rules - percent escapes compare without regard to case', () => {
    const policy = parse('User-agent: *\nDisallow: /a%2fb\n');
    expect(isAllowed(policy, '/a%2Fb/c')).toBe(false);
  });

  it('robots rules - robots.txt itself is always allowed', () => {
    expect(isAllowed(parse('User-agent: *\nDisallow: /\n'), '/robots.txt')).toBe(true);
  });

  it('robots rules - 4xx allows all, 5xx disallows all for a shorter while', () => {
    const url = 'https://trc.liverc.com/robots.txt';
    const missing = policyFromAnswer({ status: 404, body: '' }, url, TOKEN);
    const down = policyFromAnswer({ status: 503, body: '' }, url, TOKEN);
    expect(isAllowed(missing.policy, '/events/')).toBe(true);
    expect(isAllowed(down.policy, '/events/')).toBe(false);
    expect(down.ttlMs).toBeLessThan(missing.ttlMs);
    expect(down.policy.source).toContain('503');
  });

  it('robots cache - one load per host, shared by concurrent callers, again only after the TTL', async () => {
    let now = 0;
    const loads: string[] = [];
    const cache = new RobotsCache(async (url) => {
      loads.push(url);
      return { policy: allowAll(url), ttlMs: ROBOTS_TTL_MS };
    }, () => now);
    await Promise.all([cache.policy('https://a/robots.txt'), cache.policy('https://a/robots.txt'), cache.policy('https://b/robots.txt')]);
    now = ROBOTS_TTL_MS - 1;
    await cache.policy('https://a/robots.txt');
    expect(loads).toEqual(['https://a/robots.txt', 'https://b/robots.txt']);
    now = ROBOTS_TTL_MS + 1;
    await cache.policy('https://a/robots.txt');
    expect(loads).toEqual(['https://a/robots.txt', 'https://b/robots.txt', 'https://a/robots.txt']);
  });

  it('robots cache - a load that throws is not kept', async () => {
    let calls = 0;
    const cache = new RobotsCache(async (url) => {
      calls++;
      if (calls === 1) throw new Error('switched off');
      return { policy: allowAll(url), ttlMs: ROBOTS_TTL_MS };
    });
    await expect(cache.policy('https://a/robots.txt')).rejects.toThrow('switched off');
    await expect(cache.policy('https://a/robots.txt')).resolves.toMatchObject({ rules: [] });
    expect(calls).toBe(2);
  });
});
