/**
 * @module Drivers' history against a real cloud (nats-server, the fake LiveRC, the projection): two
 * imported LiveRC events of the test track write each driver's rows, read back newest first with the
 * figures of the one lap model, one track at a time too; a box heat's drivers get theirs from the
 * projection; a member whose account carries a driver's transponder and name is linked by the
 * import's matching and finds that driver in "my history"; refusals without a session and for bad
 * parameters name the problem; events imported before the history was kept get their rows once, at start.
 */
import { jetstream } from '@nats-io/jetstream';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issueApiToken } from '../../../cloud/accounts/api-token.ts';
import { openProvisionedBucket } from '../../../cloud/ingest/open-bucket.ts';
import { BACKFILL_MARK, backfillLiveRcHistory, BACKFILL_VERSION } from '../../../cloud/portal/history-backfill.ts';
import { PORTAL_API_PREFIX } from '../../../cloud/portal/history-routes.ts';
import { createLogger } from '../../../shared/log/index.ts';
import { matchingUserId, syncMembers } from '../../../cloud/portal/member-sync.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import type { HistoryRow } from '../../../shared/contracts/driver-history.ts';
import type { LapModelRace } from '../../../shared/contracts/lap-model.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { startAdminCloud } from '../../support/admin-cloud.ts';
import { startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { importEvent } from '../../support/liverc-pages/import-event.ts';
import { fullName, type SynthEvent } from '../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../support/liverc-pages/site.ts';
import { inProcess, logIn } from '../../support/portal-login.ts';
import { onTrack, TrackStream } from '../../support/race-stream.ts';
import { HEAT_EVENT, rcHeatLog } from '../../support/rc-heat-log.ts';
import { axeViolations } from '../../support/axe.ts';
import { text, texts, useBrowser, WAIT } from '../../web/box.ts';
import { chartData, portalPage, shot, SHOTS, signInAt, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();

let servers: Servers;
let cloud: CloudService;
let events: SynthEvent[];
let token: string;
const PASSWORD = 'correct horse battery';
const LATER = '610001';
const EARLIER = '610003';

const get = async <T>(path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => {
  const res = await fetch(`${cloud.url}${PORTAL_API_PREFIX}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as T };
};

/** The first driver who raced in both events (drivers are keyed by LiveRC's driver id). */
function sharedDriver(): string {
  const raced = (id: string) => new Set(events.find((e) => e.event_id === id)!.races.flatMap((r) => r.results.filter((x) => x.laps.length > 0).map((x) => x.driver.id)));
  const later = raced(LATER);
  return [...raced(EARLIER)].find((id) => later.has(id))!;
}

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  events = serveTestTrack(servers.fake).events;
  cloud = await startAdminCloud(servers, { worker: true, roles: 'liverc,ingest,projection' });
  const store = cloud.liverc!.accounts.store;
  token = (await issueApiToken(store, await store.create({ name: 'history-admin', role: 'admin', password: PASSWORD }))).token;
  // Felix races as the later event's first driver with an entry: his account says so.
  const later = events.find((e) => e.event_id === LATER)!;
  const felix = later.classes[0]!.drivers[0]!;
  await store.create({ name: 'felix.k', role: 'member', password: PASSWORD, transponders: [felix.transponder], driver_names: [fullName(felix)] });
  // Bob races at LiveRC events and at the box's club night (transponder 702 in its set-up).
  const bob = later.classes[0]!.drivers[1]!;
  await store.create({ name: 'bob', role: 'member', password: PASSWORD, transponders: [bob.transponder, '702'], driver_names: [fullName(bob)] });
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
  await importEvent(cloud, EARLIER);
  await importEvent(cloud, LATER);
  const heat = new TrackStream(jetstream(cloud.runtime.nc), 'gamma', onTrack(rcHeatLog().envelopes, 'gamma'));
  await heat.publishAll();
}, 180_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

describe('portal drivers history', () => {
  test('portal history - a LiveRC driver of two imported events: both rows, newest first, with the lap model figures; one track at a time', async () => {
    const key = `d${sharedDriver()}`;
    const { status, body } = await get<{ driver: { name: string }; events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}`);
    expect(status).toBe(200);
    expect(body.events.map((e) => e.event_id)).toEqual([LATER, EARLIER]);
    const row = body.events[0]!;
    expect(row).toMatchObject({ source: 'liverc', track_id: TEST_TRACK.slug, track_name: TEST_TRACK.name, event_name: 'Club Day Round 1', driver_key: key });
    // Every race of the row is the driver's result in that race's lap model.
    for (const race of row.races) {
      const model = (await (await fetch(`${cloud.url}/api/connectors/liverc/races/${race.race_id}/lap-model`, { headers: { authorization: `Bearer ${token}` } })).json()) as LapModelRace;
      const result = model.results.find((r) => r.driver_key === key)!;
      expect(race).toMatchObject({ laps: result.laps, best_lap_ms: result.best_lap_ms, avg_lap_ms: result.avg_lap_ms, consistency_pct: result.consistency_pct });
    }
    expect(row.laps).toBe(row.races.reduce((n, r) => n + r.laps, 0));
    expect(row.best_lap_ms).toBe(Math.min(...row.races.map((r) => r.best_lap_ms!)));
    expect(body.driver.name).toBe(row.driver_name);
    expect((await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}&track_id=${TEST_TRACK.slug}`)).body.events).toHaveLength(2);
    expect((await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}&track_id=elsewhere`)).body.events).toEqual([]);
  });

  test('portal history - a box heat finished in the projection gives its drivers a row under the box source', async () => {
    const rows = await waitFor('the box rows', async () => {
      const { body } = await get<{ events: HistoryRow[] }>('/drivers/history?source=box&driver_key=car-b');
      return body.events.length > 0 && body.events[0]!.races[0]!.laps === 3 ? body.events : undefined;
    }, 60_000);
    expect(rows).toEqual([expect.objectContaining({ source: 'box', track_id: 'gamma', track_name: 'gamma', event_id: HEAT_EVENT, event_name: 'Club night', driver_name: 'Bob Best', laps: 3, best_lap_ms: 22_000, consistency_pct: 100 })]);
  });

  test("portal history - the member's own history: the import linked the driver their account names, and that driver's events are theirs", async () => {
    const felix = await logIn(inProcess(cloud), 'felix.k', PASSWORD);
    const res = await cloud.app.request(`${PORTAL_API_PREFIX}/me/history`, { headers: felix.headers('GET') });
    const body = (await res.json()) as { drivers: { driver_key: string; status: string }[]; events: HistoryRow[] };
    const later = events.find((e) => e.event_id === LATER)!;
    const key = `d${later.classes[0]!.drivers[0]!.id}`;
    expect(body.drivers).toEqual([expect.objectContaining({ source: 'liverc', driver_key: key, status: 'suggested' })]);
    expect(body.events.map((e) => e.event_id)).toContain(LATER);
    expect(body.events.every((e) => e.driver_key === key)).toBe(true);
  });

  test('portal history - a member with a LiveRC link and a box transponder: the box heat and the LiveRC events side by side, newest first', async () => {
    const bob = await logIn(inProcess(cloud), 'bob', PASSWORD);
    const later = events.find((e) => e.event_id === LATER)!;
    const key = `d${later.classes[0]!.drivers[1]!.id}`;
    const body = await waitFor('the box rider in my history', async () => {
      const res = await cloud.app.request(`${PORTAL_API_PREFIX}/me/history`, { headers: bob.headers('GET') });
      const mine = (await res.json()) as { drivers: { source: string; driver_key: string; status: string }[]; events: HistoryRow[] };
      return mine.events.some((e) => e.source === 'box') ? mine : undefined;
    }, 60_000);
    expect(body.drivers).toEqual([
      expect.objectContaining({ source: 'liverc', driver_key: key, status: 'suggested' }),
      expect.objectContaining({ source: 'box', driver_key: 'car-b', name: 'Bob Best', status: 'transponder' }),
    ]);
    const liverc = (await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}`)).body.events;
    const box = (await get<{ events: HistoryRow[] }>('/drivers/history?source=box&driver_key=car-b')).body.events;
    expect(liverc.length).toBeGreaterThan(0);
    const both = [...liverc, ...box].sort((a, b) => b.date_start!.localeCompare(a.date_start!) || b.event_id.localeCompare(a.event_id));
    expect(body.events.map((e) => `${e.source}/${e.event_id}/${e.driver_key}`)).toEqual(both.map((e) => `${e.source}/${e.event_id}/${e.driver_key}`));
  });

  test('portal history - accounts reach driver matching: a dotted name under a hashed id with its transponders and driver name; a changed account is written again, the others not', async () => {
    const users = cloud.runtime.matching!.users;
    const accounts = cloud.liverc!.accounts.store;
    const later = events.find((e) => e.event_id === LATER)!;
    const felix = later.classes[0]!.drivers[0]!;
    const id = matchingUserId('felix.k');
    expect(id).toMatch(/^u-[0-9a-f]{20}$/);
    expect(await users.getUser(id)).toMatchObject({ user_id: id, name: fullName(felix), transponders: [felix.transponder] });
    expect(await users.getUser('bob')).toMatchObject({ transponders: [later.classes[0]!.drivers[1]!.transponder, '702'].sort() });
    expect(await syncMembers(accounts, users)).toBe(0);
    await accounts.update('bob', (u) => ({ transponders: [...u.transponders, '703'] }));
    expect(await syncMembers(accounts, users)).toBe(1);
    expect((await users.getUser('bob'))!.transponders).toContain('703');
  });

  test('portal history - events imported before the history was kept: the role start runs the pass once and marks it; without the mark the pass writes their rows again, and a second pass does nothing', async () => {
    expect(await cloud.liverc!.historyBackfill).toMatchObject({ ran: true, stopped: false, failed: [] });
    const kv = await openProvisionedBucket(cloud.runtime.nc, 'readModels');
    expect(JSON.parse((await kv.get(BACKFILL_MARK))!.string())).toMatchObject({ version: BACKFILL_VERSION });
    // As a cloud upgraded from before the history: the earlier event's rows and the mark gone.
    const key = `d${sharedDriver()}`;
    const before = (await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}`)).body.events;
    const earlierKeys: string[] = [];
    for await (const k of await kv.keys(`history.liverc.*.*.${EARLIER}`)) earlierKeys.push(k);
    expect(earlierKeys.length).toBeGreaterThan(0);
    for (const k of earlierKeys) await kv.purge(k);
    await kv.purge(BACKFILL_MARK);
    expect((await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}`)).body.events.map((e) => e.event_id)).toEqual([LATER]);

    const log = createLogger('test:backfill');
    const pass = await backfillLiveRcHistory(cloud.runtime.history!, cloud.runtime.ingestion, { log });
    expect(pass).toMatchObject({ ran: true, events: 2, failed: [], stopped: false });
    // The same rows, figures and races; the name is the driver's as LiveRC shows it now (a later import may have renamed them).
    const unnamed = (rows: HistoryRow[]) => rows.map(({ driver_name: _, ...rest }) => rest);
    expect(unnamed((await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}`)).body.events)).toEqual(unnamed(before));
    expect(await backfillLiveRcHistory(cloud.runtime.history!, cloud.runtime.ingestion, { log })).toMatchObject({ ran: false, mark: { version: BACKFILL_VERSION, events: 2 } });
  });

  test('portal history - refused without a session; a bad source, a missing or malformed key, each named', async () => {
    expect((await get('/drivers/history?source=liverc&driver_key=d1', {})).status).toBe(401);
    expect((await get('/me/history', {})).status).toBe(401);
    expect((await get<{ error: string }>('/drivers/history?source=orbits&driver_key=d1')).body.error).toBe('source must be box or liverc: got "orbits"');
    expect((await get<{ error: string }>('/drivers/history?source=liverc')).body.error).toBe('driver_key is required');
    const bad = await get<{ error: string }>('/drivers/history?source=liverc&driver_key=D.1');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^driver_key must be 1-64 of a-z/);
  });
});


describe.each(Object.keys(SIZES) as Size[])('portal my driver at %s size', (size) => {
  test(`portal history - ${size}: "My driver" lists the linked driver and every event of theirs with the trend chart; a race of theirs answers how consistent they were against a year before`, async () => {
    const later = events.find((e) => e.event_id === LATER)!;
    const driver = later.classes[0]!.drivers[0]!;
    const key = `d${driver.id}`;
    const rows = (await get<{ events: HistoryRow[] }>(`/drivers/history?source=liverc&driver_key=${key}`)).body.events;
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/`, 'felix.k', PASSWORD);
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'My driver' }).click();
    await expect.poll(texts(page.locator('ul.linked li')), WAIT).toEqual([`${fullName(driver)} (suggested, not yet confirmed)`]);
    await expect.poll(() => page.locator('table.history tbody tr').count(), WAIT).toBe(rows.length);
    expect(await texts(page.locator('table.history tbody th'))()).toEqual(rows.map((r) => r.event_name));
    if (rows.length > 1) {
      const trend = (await chartData(page, 'chart-history'))!;
      expect(trend[1]).toEqual([...rows].reverse().map((r) => r.best_lap_ms! / 1000));
    }
    expect(await axeViolations(page), 'my driver').toEqual([]);
    await shot(page, 'my-driver', size);

    // A race of theirs in the later event: the third coaching answer reads the history.
    const race = rows[0]!.races.at(-1)!;
    await page.goto(`${cloud.url}/portal/#/races/${race.race_id}?event=${LATER}`);
    await page.getByLabel('Driver', { exact: true }).selectOption(key);
    const said = page.locator('#answer-last-year p.said');
    const yearBefore = rows.filter((r) => r.event_id === EARLIER && r.consistency_pct !== null);
    if (yearBefore.length > 0) await expect.poll(text(said), WAIT).toMatch(new RegExp(`^${fullName(driver)} was (more|less|exactly as) consistent here than a year before.*at Winter Series Round 4 \\(2024-07-07\\)\\.$`));
    else await expect.poll(text(said), WAIT).toMatch(/has no race at Test Raceway Off Road Club between/);
    await page.locator('.coaching').screenshot({ path: `${SHOTS}portal-coaching-history-${size}.png` });

    // The driver's name in the results opens their history.
    await page.locator('table.results').getByRole('link', { name: fullName(driver), exact: true }).click();
    await expect.poll(text(page.locator('#history-title')), WAIT).toBe(fullName(driver));
    await expect.poll(() => page.locator('table.history tbody tr').count(), WAIT).toBe(rows.length);
    await shot(page, 'driver-page', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});

describe.each(Object.keys(SIZES) as Size[])('portal my driver with box races at %s size', (size) => {
  test(`portal history - ${size}: a member with a LiveRC link and a box transponder sees both drivers and every event of both`, async () => {
    const bob = await logIn(inProcess(cloud), 'bob', PASSWORD);
    const mine = await waitFor('the box heat in my history', async () => {
      const body = (await (await cloud.app.request(`${PORTAL_API_PREFIX}/me/history`, { headers: bob.headers('GET') })).json()) as { events: HistoryRow[] };
      return body.events.some((e) => e.source === 'box') ? body : undefined;
    }, 60_000);
    expect(mine.events.some((e) => e.source === 'liverc')).toBe(true);
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/`, 'bob', PASSWORD);
    await page.goto(`${cloud.url}/portal/#/me`);
    const later = events.find((e) => e.event_id === LATER)!;
    await expect.poll(texts(page.locator('ul.linked li')), WAIT).toEqual([`${fullName(later.classes[0]!.drivers[1]!)} (suggested, not yet confirmed)`, 'Bob Best (timed by a box, your transponder)']);
    await expect.poll(() => page.locator('table.history tbody tr').count(), WAIT).toBe(mine.events.length);
    expect(await texts(page.locator('table.history tbody th'))()).toEqual(mine.events.map((r) => r.event_name));
    expect(await axeViolations(page), 'my driver with box races').toEqual([]);
    await shot(page, 'my-driver-box', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});
