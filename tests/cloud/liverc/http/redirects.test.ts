/** @module Redirects and shutdown: same-host redirects followed under the same rules, off-site ones refused, close aborts what is in flight. */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../harness/index.ts';
import { failure, useRig } from './setup.ts';

const rig = useRig();

describe('liverc http redirects and close', () => {
  it('liverc http - a redirect on the same host is followed, spaced like any request', async () => {
    const { fake, client, config } = await rig();
    fake.page('trc', '/events', '', { otherwise: { status: 301, headers: { location: `${fake.origin}/trc/events/` } } });
    fake.page('trc', '/events/', 'events');
    const page = await client.get(`${fake.origin}/trc/events`, 'event-list');
    expect(page).toMatchObject({ url: `${fake.origin}/trc/events/`, body: 'events', status: 200 });
    const seen = fake.requestsTo('trc');
    expect(seen.map((r) => [r.path, r.status])).toEqual([
      ['/robots.txt', 404],
      ['/events', 301],
      ['/events/', 200],
    ]);
    expect(seen[2]!.at_ms - seen[1]!.at_ms).toBeGreaterThanOrEqual(config.min_interval_ms);
  });

  it('liverc http - a redirect target robots.txt disallows is not requested', async () => {
    const { fake, client } = await rig();
    fake.robots('trc', 'User-agent: *\nDisallow: /private/\n');
    fake.page('trc', '/', '', { otherwise: { status: 302, headers: { location: '/trc/private/' } } });
    fake.page('trc', '/private/', 'secret');
    expect((await failure(client.get(`${fake.origin}/trc/`, 'dashboard'))).code).toBe('robots');
    expect(fake.requestsTo('trc', '/private/')).toHaveLength(0);
  });

  it('liverc http - a redirect to another host is refused as an http error', async () => {
    const { fake, client } = await rig();
    fake.page('trc', '/', '', { otherwise: { status: 302, headers: { location: 'https://elsewhere.example/' } } });
    const error = await failure(client.get(`${fake.origin}/trc/`, 'dashboard'));
    expect(error.code).toBe('http');
    expect(error.details.status).toBe(302);
    expect(error.message).toContain('another host (https://elsewhere.example)');
  });

  it('liverc http - close aborts a request in flight and fails it with code disabled', async () => {
    const { fake, client, records } = await rig({ timeout_ms: { connect: 1_000, total: 30_000 } });
    fake.page('trc', '/', 'dashboard', { otherwise: { hang: true } });
    const pending = failure(client.get(`${fake.origin}/trc/`, 'dashboard'));
    await waitFor('the hanging request to arrive', () => fake.requestsTo('trc', '/').length === 1);
    await client.close();
    expect((await pending).code).toBe('disabled');
    expect(records.filter((r) => r.kind === 'dashboard')).toHaveLength(1);
  });
});
