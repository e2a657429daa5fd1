/** @module LiveRC is one site: every LiveRC host shares one queue, spacing, Crawl-delay and Retry-After, seen from the fake LiveRC's own log while it plays a host per track. */
import { describe, expect, it } from 'vitest';
import { useCleanups, waitFor } from '../../../harness/index.ts';
import { startFakeLiveRc, type FakeLiveRc, type LoggedRequest } from '../../../support/fake-liverc/index.ts';
import { createLiveRcHttpClient, type LiveRcHttpClient } from '../../../../cloud/liverc/http/index.ts';
import type { LiveRcConfig, LiveRcConfigInput } from '../../../../cloud/liverc/config.ts';
import { DEFAULT_HOSTS, liveRcUrls } from '../../../../cloud/liverc/urls.ts';
import type { RequestRecord } from '../../../../cloud/liverc/types.ts';
import { testConfig } from './setup.ts';

const defer = useCleanups();
const SLUGS = ['trc', 'canberraoffroad', 'thunderalley', 'rcpro', 'mackay', 'kingsway'];
const EVENT = '/results/?p=view_event&id=486677';

interface NamedRig {
  fake: FakeLiveRc;
  config: LiveRcConfig;
  client: LiveRcHttpClient;
  records: RequestRecord[];
  /** `http://{slug}.liverc.test:PORT{path}` */
  url(slug: string, path: string): string;
}

/** The fake playing one host per track (`{slug}.liverc.test`), and a client that resolves those names to it. */
async function namedRig(overrides: Partial<LiveRcConfigInput> = {}): Promise<NamedRig> {
  const fake = await startFakeLiveRc();
  defer(() => fake.stop());
  const config = testConfig(fake, { hosts: fake.namedHosts, ...overrides });
  const client = createLiveRcHttpClient(config, { lookup: fake.lookup });
  defer(() => client.close());
  const records: RequestRecord[] = [];
  client.onRequest((record) => records.push(record));
  return { fake, config, client, records, url: (slug, path) => fake.namedHosts.track.replace('{slug}', slug) + path };
}

/** From the end of one answer to the arrival of the next, as the fake saw them. */
function quietGaps(requests: readonly LoggedRequest[]): number[] {
  return requests.slice(1).map((r, i) => r.at_ms - requests[i]!.done_at_ms!);
}

describe('liverc http one queue for the whole site', () => {
  it('liverc http - refreshes of many tracks reach LiveRC one request at a time across every track host, spaced from the end of one to the start of the next', async () => {
    const { fake, client, config } = await namedRig();
    // A slow answer makes any overlap visible: with a queue per host, all six would be in flight together.
    for (const slug of SLUGS) fake.page(slug, '/events/', `<html>${slug}</html>`, { otherwise: { delay_ms: 60 } });
    const pages = await Promise.all(SLUGS.map((slug) => client.get(`${fake.namedHosts.track.replace('{slug}', slug)}/events/`, 'event-list')));

    expect(pages.map((p) => p.body)).toEqual(SLUGS.map((slug) => `<html>${slug}</html>`));
    const seen = fake.requests;
    expect(new Set(seen.map((r) => r.headers.host))).toEqual(new Set(SLUGS.map((slug) => `${slug}.liverc.test:${fake.port}`)));
    expect(seen).toHaveLength(SLUGS.length * 2);
    expect(seen.every((r) => r.done_at_ms !== null)).toBe(true);
    for (const gap of quietGaps(seen)) expect(gap).toBeGreaterThanOrEqual(config.min_interval_ms);
  });

  it('liverc http - the catalogue host and the track hosts share the one queue', async () => {
    const { fake, client, config } = await namedRig();
    fake.page('live', '/', '<html>tracks</html>');
    fake.page('trc', '/', '<html>dashboard</html>');
    await Promise.all([client.get(`${fake.namedHosts.catalogue}/`, 'track-list'), client.get(`${fake.namedHosts.track.replace('{slug}', 'trc')}/`, 'dashboard')]);
    expect(new Set(fake.requests.map((r) => r.host))).toEqual(new Set(['live', 'trc']));
    expect(fake.requests).toHaveLength(4);
    for (const gap of quietGaps(fake.requests)) expect(gap).toBeGreaterThanOrEqual(config.min_interval_ms);
  });

  it('liverc http - a Crawl-delay in one track host robots.txt spaces requests to every LiveRC host', async () => {
    const { fake, client, url } = await namedRig();
    fake.robots('trc', 'User-agent: *\nCrawl-delay: 1\n');
    fake.page('trc', '/', 'dashboard');
    for (const slug of SLUGS.slice(1, 3)) fake.page(slug, '/events/', 'events');
    await client.get(url('trc', '/'), 'dashboard');
    const start = fake.requests.length;
    await Promise.all(SLUGS.slice(1, 3).map((slug) => client.get(url(slug, '/events/'), 'event-list')));
    const after = fake.requests.slice(start - 1);
    expect(after.slice(1).every((r) => r.host !== 'trc')).toBe(true);
    for (const gap of quietGaps(after)) expect(gap).toBeGreaterThanOrEqual(1_000);
  });

  it('liverc http - a Retry-After from one track host holds requests to every other LiveRC host', async () => {
    const { fake, client, url } = await namedRig();
    fake.page('trc', EVENT, 'event', { faults: [{ status: 429, headers: { 'retry-after': '1' } }] });
    fake.page('trc', '/', 'dashboard');
    fake.page('mackay', '/events/', 'events');
    fake.page('mackay', '/', 'dashboard');
    // Both robots.txt read first, so what follows is the 429, its retry and the other host.
    await Promise.all([client.get(url('trc', '/'), 'dashboard'), client.get(url('mackay', '/'), 'dashboard')]);
    const start = fake.requests.length;
    const held = client.get(url('trc', EVENT), 'event');
    const other = client.get(url('mackay', '/events/'), 'event-list');
    await Promise.all([held, other]);
    const seen = fake.requests.slice(start);
    expect(seen.map((r) => [r.host, r.path, r.status])).toEqual([
      ['trc', EVENT, 429],
      ['trc', EVENT, 200],
      ['mackay', '/events/', 200],
    ]);
    expect(seen[1]!.at_ms - seen[0]!.done_at_ms!).toBeGreaterThanOrEqual(1_000);
  });

  it('liverc http - the base domain and every subdomain of it share one queue key, other hosts keep their own', () => {
    const urls = liveRcUrls(DEFAULT_HOSTS);
    expect(urls.baseDomain).toBe('liverc.com');
    const keys = ['https://trc.liverc.com/events/', 'https://live.liverc.com/', 'https://liverc.com/', 'https://Canberraoffroad.LiveRC.com/x'].map(urls.queueKey);
    expect(new Set(keys)).toEqual(new Set(['site:liverc.com']));
    expect(urls.queueKey('https://notliverc.com/')).toBe('https://notliverc.com');
    expect(urls.queueKey('https://liverc.com.example.org/')).toBe('https://liverc.com.example.org');
    expect(liveRcUrls({ catalogue: 'http://127.0.0.1:8/live', track: 'http://127.0.0.1:9/{slug}' }).baseDomain).toBe('127.0.0.1');
  });
});

describe('liverc http identical and abandoned requests', () => {
  it('liverc http - callers asking for one page at the same time share one request and its answer', async () => {
    const { fake, client, url, records } = await namedRig();
    fake.page('trc', '/events/', '<html>events</html>', { otherwise: { delay_ms: 50 } });
    const pages = await Promise.all([1, 2, 3].map(() => client.get(url('trc', '/events/'), 'event-list')));
    expect(pages.map((p) => p.body)).toEqual(['<html>events</html>', '<html>events</html>', '<html>events</html>']);
    expect(fake.requestsTo('trc', '/events/')).toHaveLength(1);
    expect(records.filter((r) => r.kind === 'event-list')).toHaveLength(1);
  });

  it('liverc http - a caller that goes away while queued is dropped with code cancelled and its page is never requested', async () => {
    const { fake, client, url } = await namedRig();
    fake.page('trc', '/', 'dashboard', { otherwise: { delay_ms: 200 } });
    fake.page('mackay', '/events/', 'events');
    fake.page('rcpro', '/events/', 'events');
    const first = client.get(url('trc', '/'), 'dashboard');
    const gone = new AbortController();
    const abandoned = client.get(url('mackay', '/events/'), 'event-list', { signal: gone.signal }).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    gone.abort();
    expect(await abandoned).toBe('cancelled');
    await first;
    // Queued after the abandoned one: once it is answered, the abandoned page would have come before it.
    await client.get(url('rcpro', '/events/'), 'event-list');
    expect(fake.requestsTo('mackay')).toEqual([]);
    expect(fake.requestsTo('rcpro', '/events/')).toHaveLength(1);
  });

  it('liverc http - when one of two callers of a page goes away, the other still gets it from the one request', async () => {
    const { fake, client, url } = await namedRig();
    fake.page('trc', '/', 'dashboard', { otherwise: { delay_ms: 200 } });
    fake.page('mackay', '/events/', 'events');
    const first = client.get(url('trc', '/'), 'dashboard');
    const gone = new AbortController();
    const leaving = client.get(url('mackay', '/events/'), 'event-list', { signal: gone.signal }).catch((error: { code?: string }) => error.code);
    const staying = client.get(url('mackay', '/events/'), 'event-list');
    gone.abort();
    expect(await leaving).toBe('cancelled');
    expect((await staying).body).toBe('events');
    await first;
    expect(fake.requestsTo('mackay', '/events/')).toHaveLength(1);
  });

  it('liverc http - a request in flight whose only caller goes away is abandoned and the queue goes on', async () => {
    const { fake, client, url, records } = await namedRig();
    fake.page('trc', '/', 'dashboard', { otherwise: { hang: true } });
    fake.page('mackay', '/events/', 'events');
    const gone = new AbortController();
    const abandoned = client.get(url('trc', '/'), 'dashboard', { signal: gone.signal }).catch((error: { code?: string }) => error.code);
    const next = client.get(url('mackay', '/events/'), 'event-list');
    await waitFor('the hanging request to arrive', () => fake.requestsTo('trc', '/').length === 1 || undefined, 5_000);
    gone.abort();
    expect(await abandoned).toBe('cancelled');
    expect((await next).body).toBe('events');
    // Tried once, not retried as a failure of the host.
    expect(records.filter((r) => r.kind === 'dashboard')).toHaveLength(1);
  });
});
