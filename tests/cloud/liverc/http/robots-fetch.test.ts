/** @module robots.txt as the client meets it on a live host: fetched once, refusals before any request, 404 and 5xx answers. */
import { describe, expect, it } from 'vitest';
import { failure, useRig } from './setup.ts';

const rig = useRig();

describe('liverc http robots', () => {
  it('liverc http - a URL robots.txt disallows fails with code robots and is never requested', async () => {
    const { fake, client, records } = await rig();
    fake.robots('trc', 'User-agent: *\nDisallow: /results/\n');
    fake.page('trc', '/results/?p=view_event&id=1', 'event');
    fake.page('trc', '/events/', 'events');

    const error = await failure(client.get(`${fake.origin}/trc/results/?p=view_event&id=1`, 'event'));
    expect(error.code).toBe('robots');
    expect(error.details).toMatchObject({ url: `${fake.origin}/trc/results/?p=view_event&id=1`, kind: 'event' });
    expect(error.message).toContain('robots.txt');
    await client.get(`${fake.origin}/trc/events/`, 'event-list');

    expect(fake.requestsTo('trc').map((r) => r.path)).toEqual(['/robots.txt', '/events/']);
    expect(records.map((r) => [r.kind, r.status])).toEqual([
      ['robots', 200],
      ['event-list', 200],
    ]);
  });

  it('liverc http - robots.txt is fetched once per host however many callers ask at once', async () => {
    const { fake, client } = await rig();
    fake.robots('trc', 'User-agent: *\nAllow: /\n');
    fake.page('trc', '/', 'a');
    fake.page('trc', '/events/', 'b');
    fake.page('canberraoffroad', '/events/', 'c');
    await Promise.all([
      client.get(`${fake.origin}/trc/`, 'dashboard'),
      client.get(`${fake.origin}/trc/events/`, 'event-list'),
      client.get(`${fake.origin}/canberraoffroad/events/`, 'event-list'),
    ]);
    await client.get(`${fake.origin}/trc/`, 'dashboard');
    expect(fake.requestsTo('trc', '/robots.txt')).toHaveLength(1);
    // Each track is its own LiveRC host with its own robots.txt.
    expect(fake.requestsTo('canberraoffroad', '/robots.txt')).toHaveLength(1);
  });

  it('liverc http - a robots.txt that is not there (404) allows everything', async () => {
    const { fake, client } = await rig();
    fake.page('trc', '/results/?p=view_race_result&id=6304829', 'race');
    const page = await client.get(`${fake.origin}/trc/results/?p=view_race_result&id=6304829`, 'race-result');
    expect(page.body).toBe('race');
    expect(fake.requestsTo('trc').map((r) => [r.path, r.status])).toEqual([
      ['/robots.txt', 404],
      ['/results/?p=view_race_result&id=6304829', 200],
    ]);
  });

  it('liverc http - a robots.txt answering 5xx disallows the whole host and no page is requested', async () => {
    const { fake, client, config } = await rig({ max_tries: 2 });
    fake.robots('trc', { status: 503 });
    fake.page('trc', '/events/', 'events');
    const error = await failure(client.get(`${fake.origin}/trc/events/`, 'event-list'));
    expect(error.code).toBe('robots');
    expect(error.message).toContain('503');
    // Asked again at once, the cached "unreachable" answer refuses without a request.
    expect((await failure(client.get(`${fake.origin}/trc/`, 'dashboard'))).code).toBe('robots');
    expect(fake.requestsTo('trc').map((r) => r.path)).toEqual(Array.from({ length: config.max_tries }, () => '/robots.txt'));
  });

  it('liverc http - robots.txt rules for our token apply under the track prefix of the test host', async () => {
    const { fake, client } = await rig();
    fake.robots('trc', 'User-agent: *\nDisallow:\n\nUser-agent: MRE-Trackside-LiveRC\nDisallow: /results/?p=view_entry_list\n');
    fake.page('trc', '/results/?p=view_entry_list&id=5', 'entries');
    const error = await failure(client.get(`${fake.origin}/trc/results/?p=view_entry_list&id=5`, 'entry-list'));
    expect(error.code).toBe('robots');
    expect(fake.requestsTo('trc', '/results/?p=view_entry_list&id=5')).toHaveLength(0);
  });
});
