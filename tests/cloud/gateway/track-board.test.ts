/**
 * @module The box's scoreboard served by the cloud per track, in headless Chromium at phone size
 * against a real nats-server: `/t/<track>/` shows that track's event and races from the gateway's
 * live feed and follows new events; a private track's board needs `?token=`; the index lists the
 * tracks the projection knows, each linked to its board; the announcer speaks from the cloud feed.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issueViewerToken } from '../../../cloud/gateway/viewer-token.ts';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { artifactPath, startNatsServer, useCleanups, type NatsServer } from '../../harness/index.ts';
import { clubDayOn, TrackStream } from '../../support/race-stream.ts';
import { phonePage, text, texts, useBrowser, WAIT } from '../../web/box.ts';
import { recordSpeech, said, turnOn } from '../../web/speech.ts';
import { SMALL_STREAMS, TEST_SECRET } from '../ingest/support.ts';

const defer = useCleanups();
const browser = useBrowser();
let nats: NatsServer;
let nc: NatsConnection;
let cloud: CloudService;

beforeAll(async () => {
  nats = await startNatsServer();
  const config = cloudConfigSchema.parse({
    roles: ['gateway', 'projection'],
    nats_url: nats.url,
    http: { host: '127.0.0.1', port: 0 },
    streams: SMALL_STREAMS,
    ingest: { token_secret: TEST_SECRET },
    gateway: { private_tracks: ['hidden'], connect_burst: 100 },
  }) as CloudConfig;
  cloud = await startCloud(config, { name: 'track-board-test' });
  nc = await connect({ servers: nats.url });
  await jetstreamManager(nc);
}, 60_000);
afterAll(async () => {
  await cloud?.stop();
  await nc?.close();
  await nats?.stop();
});

const eventName = (stream: TrackStream) => stream.engine.events().find((e) => e.event_id === stream.engine.currentEventId())?.name;

describe('cloud track board', () => {
  test('cloud track board - /t/<track>/ shows that track\'s event and races from the cloud feed, and follows what the track does next', async () => {
    const north = new TrackStream(jetstream(nc), 'north', clubDayOn('north', 5));
    const south = new TrackStream(jetstream(nc), 'south', clubDayOn('south', 9));
    await north.publishBatch(40);
    await south.publishBatch(40);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${cloud.url}/t/north/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe(eventName(north));
    await expect.poll(() => page.locator('.board').count(), WAIT).toBeGreaterThan(0);
    const northRaces = new Set(north.engine.races().map((r) => r.race_id));
    const shown = await page.locator('.board').evaluateAll((boards) => boards.map((b) => b.getAttribute('data-race-id')));
    expect(shown.every((id) => id !== null && northRaces.has(id))).toBe(true);

    await north.publishAll(40);
    // What the track has on now, as the engine has it, becomes the board's big race.
    const onTrack = north.engine.activeRaces().map((r) => r.race_id);
    expect(onTrack.length).toBeGreaterThan(0);
    expect(onTrack.some((id) => shown.includes(id))).toBe(false);
    await expect.poll(() => page.locator('.board').evaluateAll((boards) => boards.map((b) => b.getAttribute('data-race-id'))), WAIT).toEqual(expect.arrayContaining(onTrack));
    await expect.poll(text(page.locator('h1')), WAIT).toBe(eventName(north));
    await page.screenshot({ path: artifactPath('cloud-track-board-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('cloud track board - the announcer turned on a track\'s board calls that track\'s races from the cloud feed, as on the box', async () => {
    const east = new TrackStream(jetstream(nc), 'east', clubDayOn('east', 11));
    await east.publishBatch(20);
    const { page, problems } = await phonePage(browser(), defer);
    await recordSpeech(page);
    await page.goto(`${cloud.url}/t/east/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe(eventName(east));
    await turnOn(page);
    // The rest of the day at once: one phrase waits at a time and the newest wins, so the voice calls the day's last race.
    await east.publishAll(40);
    await expect.poll(() => said(page)().then((all) => all.length), WAIT).toBe(2);
    // The club day's races are motos and heats; the finish of one is called with its result.
    expect((await said(page)())[1]).toMatch(/^(Moto|Heat) \d+: /);
    expect(problems).toEqual([]);
  }, 90_000);

  test('cloud track board - a private track\'s board stays offline without a viewer token and shows the races with one', async () => {
    const hidden = new TrackStream(jetstream(nc), 'hidden', clubDayOn('hidden', 7));
    await hidden.publishBatch(40);
    const { page } = await phonePage(browser(), defer);
    await page.goto(`${cloud.url}/t/hidden/`);
    await page.waitForTimeout(1500);
    expect(await page.locator('.board').count()).toBe(0);
    expect(await text(page.locator('h1'))()).not.toBe(eventName(hidden));

    const { token } = issueViewerToken(Buffer.from(TEST_SECRET), 'hidden');
    await page.goto(`${cloud.url}/t/hidden/?token=${encodeURIComponent(token)}`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe(eventName(hidden));
    await expect.poll(() => page.locator('.board').count(), WAIT).toBeGreaterThan(0);
  });

  test('cloud track board - /t/<track> is sent on to /t/<track>/ with its query, and an id that is no track id is a 404', async () => {
    const moved = await fetch(`${cloud.url}/t/north?token=abc`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe('/t/north/?token=abc');
    const bad = await fetch(`${cloud.url}/t/North.Track/`);
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: string }).error).toMatch(/is not a track id/);
  });

  test('cloud track board - the index lists the tracks with results, newest activity first, each linked to its board', async () => {
    const { page } = await phonePage(browser(), defer);
    await page.goto(`${cloud.url}/`);
    await expect.poll(texts(page.locator('.tracks a')), WAIT).toEqual(expect.arrayContaining(['north', 'south', 'hidden']));
    expect(await page.locator('.tracks a', { hasText: 'north' }).getAttribute('href')).toBe('/t/north/');
    expect(await texts(page.locator('.tracks li:has(a:text-is("hidden")) .private'))()).toEqual(['private: viewer token needed']);
    expect(await page.locator('.tracks li:has(a:text-is("north")) .private').count()).toBe(0);
    const json = (await (await fetch(`${cloud.url}/`, { headers: { accept: 'application/json' } })).json()) as { tracks: { track_id: string; board: string; last_activity_us: number }[] };
    expect(json.tracks.map((t) => t.board)).toEqual(json.tracks.map((t) => `/t/${t.track_id}/`));
    const activity = json.tracks.map((t) => t.last_activity_us);
    expect(activity).toEqual([...activity].sort((a, b) => b - a));
    await page.screenshot({ path: artifactPath('cloud-index-phone.png'), fullPage: true });
    await page.click('.tracks a:text-is("south")');
    await expect.poll(() => page.url()).toBe(`${cloud.url}/t/south/`);
  });
});
