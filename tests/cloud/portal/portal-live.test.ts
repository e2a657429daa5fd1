/**
 * @module Live in the portal, in headless Chromium at phone and desktop size against one cloud running
 * the liverc, projection and gateway roles (nats-server on loopback): the live list shows the tracks
 * the projection knows, live or idle, a private one marked for members; a track's board, built from
 * the scoreboard's own components, shows its event and follows the races as a simulated club day
 * goes on; a private track's board opens for a signed-in member on a pass the portal gives; the
 * list's route refuses without a session.
 */
import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PORTAL_LIVE_PREFIX } from '../../../cloud/portal/live-routes.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { useCleanups } from '../../harness/index.ts';
import { startAdminCloud } from '../../support/admin-cloud.ts';
import { startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { clubDayOn, TrackStream } from '../../support/race-stream.ts';
import { text, texts, useBrowser, WAIT } from '../../web/box.ts';
import { portalPage, shot, signInAt, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;
let hidden: TrackStream;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  servers = await startServers();
  cloud = await startAdminCloud(servers, { roles: 'liverc,ingest,projection,gateway', env: { MRE_GATEWAY_PRIVATE_TRACKS: 'hidden' } });
  for (const size of Object.keys(SIZES)) await cloud.liverc!.accounts.store.create({ name: `fan-${size}`, role: 'member', password: PASSWORD });
  hidden = new TrackStream(jetstream(cloud.runtime.nc), 'hidden', clubDayOn('hidden', 4, 1));
  await hidden.publishBatch(10);
}, 90_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

const eventName = (stream: TrackStream) => stream.engine.events().find((e) => e.event_id === stream.engine.currentEventId())?.name;
const boards = (page: import('playwright-core').Page) => page.locator('.live-board .board').evaluateAll((all) => all.map((b) => b.getAttribute('data-race-id')));

describe('portal live', () => {
  test('portal live - the tracks list needs a session', async () => {
    expect((await fetch(`${cloud.url}${PORTAL_LIVE_PREFIX}/tracks`)).status).toBe(401);
  });
});

describe.each(Object.keys(SIZES) as Size[])('portal live at %s size', (size) => {
  test(`portal live - ${size}: a track's board in the portal follows its races while the simulated day goes on`, async () => {
    const track = `club-${size}`;
    const day = new TrackStream(jetstream(cloud.runtime.nc), track, clubDayOn(track, size === 'phone' ? 5 : 9));
    await day.publishBatch(40);
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/`, `fan-${size}`, PASSWORD);
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Live', exact: true }).click();
    const row = page.locator(`.live-tracks li[data-track="${track}"]`);
    await expect.poll(() => row.count(), WAIT).toBe(1);
    // Live or idle as the projection has it (the simulated day's clock is not today's, so it may be idle).
    const listed = (await (await page.request.get(`${cloud.url}${PORTAL_LIVE_PREFIX}/tracks`)).json()) as { tracks: { track_id: string; status: string }[] };
    const status = listed.tracks.find((t) => t.track_id === track)!.status;
    expect(await text(row.locator('.live-status'))()).toBe(status === 'live' ? 'live now' : 'idle');
    const hiddenRow = page.locator('.live-tracks li[data-track="hidden"]');
    await expect.poll(() => hiddenRow.count(), WAIT).toBe(1);
    expect(await text(hiddenRow)()).toContain('private: members only');
    await shot(page, `live-list`, size);

    await row.getByRole('link', { name: track }).click();
    await expect.poll(text(page.locator('#board-title')), WAIT).toBe(eventName(day));
    await expect.poll(() => page.locator('.live-board .board').count(), WAIT).toBeGreaterThan(0);
    const before = await boards(page);
    const known = new Set(day.engine.races().map((r) => r.race_id));
    expect(before.every((id) => id !== null && known.has(id))).toBe(true);

    // The day goes on: what the engine has on track now becomes the board's big race.
    await day.publishAll(40);
    const onTrack = day.engine.activeRaces().map((r) => r.race_id);
    expect(onTrack.length).toBeGreaterThan(0);
    expect(onTrack.some((id) => before.includes(id))).toBe(false);
    await expect.poll(() => boards(page), WAIT).toEqual(expect.arrayContaining(onTrack));
    expect(await texts(page.locator('.stale'))()).toEqual([]);
    await shot(page, `live-board`, size);

    // A private track: the member's board connects on a pass from the portal, not a link handed out.
    await page.getByRole('link', { name: '← Live' }).click();
    await hiddenRow.getByRole('link', { name: 'hidden' }).click();
    await expect.poll(text(page.locator('#board-title')), WAIT).toBe(eventName(hidden));
    await expect.poll(() => page.locator('.live-board .board').count(), WAIT).toBeGreaterThan(0);
    expect(await texts(page.locator('.stale'))()).toEqual([]);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});
