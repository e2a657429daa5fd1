/** @module Conditional GETs against the fake LiveRC: validators sent back, 304 served from the cache, compressed pages, the cache bound. */
import { describe, expect, it } from 'vitest';
import { MemoryPageCache } from '../../../../cloud/liverc/http/index.ts';
import { useRig } from './setup.ts';

const rig = useRig();
const RACE = '/results/?p=view_race_result&id=6304829';

describe('liverc http cache', () => {
  it('liverc http - a page with an ETag is revalidated with If-None-Match and a 304 serves the cached body', async () => {
    const { fake, client, records } = await rig();
    fake.page('trc', RACE, '<html>race</html>', { etag: '"v1"' });
    const first = await client.get(`${fake.origin}/trc${RACE}`, 'race-result');
    const second = await client.get(`${fake.origin}/trc${RACE}`, 'race-result');

    expect(first).toMatchObject({ body: '<html>race</html>', from_cache: false, status: 200 });
    expect(second).toMatchObject({ body: '<html>race</html>', from_cache: true, status: 304 });
    const seen = fake.requestsTo('trc', RACE);
    expect(seen.map((r) => [r.if_none_match, r.status])).toEqual([
      [undefined, 200],
      ['"v1"', 304],
    ]);
    expect(records.filter((r) => r.kind === 'race-result').map((r) => [r.status, r.from_cache])).toEqual([
      [200, false],
      [304, true],
    ]);
  });

  it('liverc http - a changed page (new ETag) replaces the cached copy', async () => {
    const { fake, client } = await rig();
    fake.page('trc', RACE, 'first', { etag: '"v1"' });
    await client.get(`${fake.origin}/trc${RACE}`, 'race-result');
    fake.page('trc', RACE, 'second', { etag: '"v2"' });
    const changed = await client.get(`${fake.origin}/trc${RACE}`, 'race-result');
    const again = await client.get(`${fake.origin}/trc${RACE}`, 'race-result');
    expect([changed.body, changed.from_cache]).toEqual(['second', false]);
    expect([again.body, again.from_cache]).toEqual(['second', true]);
    expect(fake.requestsTo('trc', RACE).map((r) => r.if_none_match)).toEqual([undefined, '"v1"', '"v2"']);
  });

  it('liverc http - Last-Modified alone is sent back as If-Modified-Since', async () => {
    const { fake, client } = await rig();
    const stamp = 'Sun, 16 Nov 2025 08:30:00 GMT';
    fake.page('trc', '/events/', 'events', { last_modified: stamp });
    await client.get(`${fake.origin}/trc/events/`, 'event-list');
    const again = await client.get(`${fake.origin}/trc/events/`, 'event-list');
    expect(again.from_cache).toBe(true);
    expect(fake.requestsTo('trc', '/events/').map((r) => r.if_modified_since)).toEqual([undefined, stamp]);
  });

  it('liverc http - a page without validators is fetched whole every time', async () => {
    const { fake, client } = await rig();
    fake.page('trc', '/events/', 'events');
    await client.get(`${fake.origin}/trc/events/`, 'event-list');
    const again = await client.get(`${fake.origin}/trc/events/`, 'event-list');
    expect(again.from_cache).toBe(false);
    expect(fake.requestsTo('trc', '/events/').map((r) => [r.if_none_match, r.if_modified_since])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it('liverc http - a gzip-encoded page is decoded, and compression is asked for', async () => {
    const { fake, client } = await rig();
    const html = `<html>${'<tr><td>row</td></tr>'.repeat(500)}</html>`;
    fake.page('trc', '/events/', html, { gzip: true });
    const page = await client.get(`${fake.origin}/trc/events/`, 'event-list');
    expect(page.body).toBe(html);
    expect(fake.requestsTo('trc', '/events/')[0]!.headers['accept-encoding']).toContain('gzip');
  });

  it('liverc http - the memory cache keeps the most recently used pages up to its bound', async () => {
    const cache = new MemoryPageCache(2);
    const page = (url: string) => ({ url, body: url, etag: '"x"', last_modified: null, stored_at_ms: 0 });
    await cache.set(page('a'));
    await cache.set(page('b'));
    await cache.get('a');
    await cache.set(page('c'));
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.body).toBe('a');
  });
});
