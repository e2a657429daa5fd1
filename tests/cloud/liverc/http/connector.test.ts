/** @module The connector end to end: saved LiveRC pages served by the fake, fetched politely, parsed; kill switch, listeners, close. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../../harness/index.ts';
import { startFakeLiveRc, type FakeLiveRc } from '../../../support/fake-liverc/index.ts';
import { describeWithShared, REPO_ROOT, sharedPath } from '../../../support/shared-fixtures.ts';
import { createLiveRcConnector } from '../../../../cloud/liverc/connector.ts';
import type { LiveRcConfigInput } from '../../../../cloud/liverc/config.ts';
import { LiveRcError, type LiveRcConnector, type RequestRecord } from '../../../../cloud/liverc/types.ts';
import { CONTACT, failure } from './setup.ts';

const defer = useCleanups();
const SHARED = {
  dashboard: 'fixtures/liverc/dashboard-trc.html',
  eventList: 'fixtures/liverc/events-list-canberraoffroad.html',
  event: 'fixtures/liverc/event-486677.html',
  race: 'fixtures/liverc/race-result-6304829.html',
};
const own = (name: string) => join(REPO_ROOT, 'tests', 'fixtures', 'liverc', name);
const EVENT = '/results/?p=view_event&id=486677';
const RACE = '/results/?p=view_race_result&id=6304829';

async function start(overrides: Partial<LiveRcConfigInput> = {}): Promise<{ fake: FakeLiveRc; connector: LiveRcConnector; records: RequestRecord[] }> {
  const fake = await startFakeLiveRc();
  defer(() => fake.stop());
  const connector = createLiveRcConnector({ contact: CONTACT, min_interval_ms: 500, backoff_ms: 100, hosts: fake.hosts, ...overrides });
  defer(() => connector.close());
  const records: RequestRecord[] = [];
  connector.onRequest((record) => records.push(record));
  return { fake, connector, records };
}

describeWithShared('liverc connector on saved pages', Object.values(SHARED), () => {
  it('liverc connector - each method requests its LiveRC URL and returns the parsed page', async () => {
    const { fake, connector } = await start();
    fake.page('live', '/', { file: own('track-list.html') });
    fake.page('trc', '/', { file: sharedPath(SHARED.dashboard) });
    fake.page('canberraoffroad', '/events/', { file: sharedPath(SHARED.eventList) });
    fake.page('canberraoffroad', EVENT, { file: sharedPath(SHARED.event) });
    fake.page('canberraoffroad', '/results/?p=view_entry_list&id=486677', { file: own('entry-list.html') });
    fake.page('canberraoffroad', RACE, { file: sharedPath(SHARED.race) });

    const tracks = await connector.trackList();
    expect(tracks.url).toBe(`${fake.origin}/live/`);
    expect(tracks.page.tracks.map((t) => t.slug)).toContain('canberraoffroad');
    const dashboard = await connector.dashboard('trc');
    expect(dashboard.html).toBe(readFileSync(sharedPath(SHARED.dashboard), 'utf8'));
    expect(dashboard.page.name).toBeTruthy();
    const events = await connector.eventList('canberraoffroad');
    expect(events.page.events).toHaveLength(100);
    const event = await connector.event('canberraoffroad', '486677');
    expect(event).toMatchObject({ kind: 'event', url: `${fake.origin}/canberraoffroad${EVENT}`, from_cache: false });
    expect(event.page.races).toHaveLength(32);
    const entries = await connector.entryList('canberraoffroad', '486677');
    expect(entries.page.classes.length).toBeGreaterThan(0);
    const race = await connector.raceResult('canberraoffroad', '6304829');
    expect(race.page.results).toHaveLength(12);
    expect(race.page.results[0]!.driver_name).toBe('FELIX KOEGLER');
    expect(race.fetched_at_ms).toBeGreaterThan(0);
  });

  it('liverc connector - a truncated race page surfaces the parser page_format error', async () => {
    const { fake, connector } = await start();
    const size = readFileSync(sharedPath(SHARED.race)).length;
    fake.page('canberraoffroad', RACE, { file: sharedPath(SHARED.race) }, { otherwise: { truncate_at: Math.floor(size * 0.6) } });
    const error = await failure(connector.raceResult('canberraoffroad', '6304829'));
    expect(error.code).toBe('page_format');
    expect(error.details).toMatchObject({ kind: 'race-result', url: `${fake.origin}/canberraoffroad${RACE}` });
    // A page cut at the source is complete HTTP: parsing fails, fetching is not repeated.
    expect(fake.requestsTo('canberraoffroad', RACE)).toHaveLength(1);
  });

  it('liverc connector - a page revalidated with 304 is parsed again from the cached HTML', async () => {
    const { fake, connector } = await start();
    fake.page('canberraoffroad', RACE, { file: sharedPath(SHARED.race) }, { etag: '"6304829"' });
    const first = await connector.raceResult('canberraoffroad', '6304829');
    const again = await connector.raceResult('canberraoffroad', '6304829');
    expect(again.from_cache).toBe(true);
    expect(again.page).toEqual(first.page);
    expect(fake.requestsTo('canberraoffroad', RACE).map((r) => r.status)).toEqual([200, 304]);
  });
});

describe('liverc connector', () => {
  it('liverc connector - the kill switch fails every method with code disabled and requests nothing', async () => {
    const { fake, connector, records } = await start({ enabled: false });
    const calls = [
      connector.trackList(),
      connector.dashboard('trc'),
      connector.eventList('trc'),
      connector.event('trc', '1'),
      connector.entryList('trc', '1'),
      connector.raceResult('trc', '2'),
    ];
    for (const call of calls) expect((await failure(call)).code).toBe('disabled');
    expect(fake.requests).toHaveLength(0);
    expect(records).toHaveLength(0);
  });

  it('liverc connector - listeners hear every attempt until they unsubscribe', async () => {
    const { fake, connector, records } = await start();
    fake.page('trc', '/', 'not a dashboard', { faults: [{ status: 502 }] });
    const mine: RequestRecord[] = [];
    const off = connector.onRequest((record) => mine.push(record));
    await failure(connector.dashboard('trc'));
    off();
    await failure(connector.dashboard('trc'));
    expect(mine.map((r) => [r.kind, r.status, r.attempt])).toEqual([
      ['robots', 404, 1],
      ['dashboard', 502, 1],
      ['dashboard', 200, 2],
    ]);
    expect(records).toHaveLength(4);
  });

  it('liverc connector - a bad slug or id is refused before any request', async () => {
    const { fake, connector } = await start();
    await expect(connector.eventList('Bad Slug')).rejects.toThrow(/track slug "Bad Slug"/);
    await expect(connector.event('trc', '12a')).rejects.toThrow(/event id "12a" must be 1-12 digits/);
    await expect(connector.raceResult('trc', '../1')).rejects.toThrow(/race id/);
    expect(fake.requests).toHaveLength(0);
  });

  it('liverc connector - bad configuration is refused naming the field', () => {
    expect(() => createLiveRcConnector({ min_interval_ms: 500 })).toThrow(/contact: contact is required/);
  });

  it('liverc connector - close fails calls still waiting for the host and every later call', async () => {
    const { fake, connector } = await start();
    fake.page('trc', '/', 'one');
    fake.page('trc', '/events/', 'two');
    const first = connector.dashboard('trc').catch((e: unknown) => e);
    const waiting = connector.eventList('trc').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await connector.close();
    for (const outcome of [await first, await waiting]) expect((outcome as LiveRcError).code).toBe('disabled');
    expect((await failure(connector.trackList())).code).toBe('disabled');
    expect(fake.requestsTo('trc', '/events/')).toHaveLength(0);
  });
});
