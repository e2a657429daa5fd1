/** @module Spacing, measured where it matters: the fake LiveRC's own request log (several hosts at once: site-queue.test.ts). */
import { describe, expect, it } from 'vitest';
import { userAgent } from '../../../../cloud/liverc/http/index.ts';
import { CONTACT, gaps, useRig } from './setup.ts';

const rig = useRig();

function eventPaths(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `/results/?p=view_event&id=${1000 + i}`);
}

describe('liverc http spacing', () => {
  it('liverc http - concurrent fetches to one host arrive one at a time, at least min_interval_ms apart', async () => {
    const { fake, client, config } = await rig();
    const paths = eventPaths(6);
    for (const path of paths) fake.page('trc', path, `<html><body>${path}</body></html>`, { faults: [{ delay_ms: 30 }] });
    const pages = await Promise.all(paths.map((path) => client.get(`${fake.origin}/trc${path}`, 'event')));

    expect(pages.map((p) => p.body)).toEqual(paths.map((path) => `<html><body>${path}</body></html>`));
    const seen = fake.requestsTo('trc');
    expect(seen.map((r) => r.path)).toEqual(['/robots.txt', ...paths]);
    for (const gap of gaps(seen)) expect(gap).toBeGreaterThanOrEqual(config.min_interval_ms);
  });

  it('liverc http - the catalogue and a track on one origin share its queue', async () => {
    const { fake, client, config } = await rig();
    fake.page('live', '/', '<html>tracks</html>');
    fake.page('trc', '/', '<html>dashboard</html>');
    fake.page('trc', '/events/', '<html>events</html>');
    await Promise.all([
      client.get(`${fake.origin}/live/`, 'track-list'),
      client.get(`${fake.origin}/trc/`, 'dashboard'),
      client.get(`${fake.origin}/trc/events/`, 'event-list'),
    ]);
    expect(fake.requests).toHaveLength(5);
    for (const gap of gaps(fake.requests)) expect(gap).toBeGreaterThanOrEqual(config.min_interval_ms);
  });

  it('liverc http - every request carries the honest User-Agent with the contact', async () => {
    const { fake, client } = await rig();
    fake.page('trc', '/', 'dashboard');
    await client.get(`${fake.origin}/trc/`, 'dashboard');
    expect(userAgent(CONTACT)).toBe(`MRE-Trackside-LiveRC/0.1 (+${CONTACT})`);
    expect(fake.requests.map((r) => r.user_agent)).toEqual([userAgent(CONTACT), userAgent(CONTACT)]);
  });

  it('liverc http - robots.txt Crawl-delay widens the spacing for that host', async () => {
    const { fake, client } = await rig();
    fake.robots('trc', 'User-agent: *\nCrawl-delay: 1\nDisallow: /practice/\n');
    const paths = eventPaths(3);
    for (const path of paths) fake.page('trc', path, 'event');
    await Promise.all(paths.map((path) => client.get(`${fake.origin}/trc${path}`, 'event')));
    const seen = fake.requestsTo('trc');
    expect(seen).toHaveLength(4);
    for (const gap of gaps(seen)) expect(gap).toBeGreaterThanOrEqual(1_000);
  });
});
