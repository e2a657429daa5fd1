/**
 * @module Races timed by a box, in the portal: an RC heat's derived events go through a real cloud's
 * projection (nats-server on loopback), then the portal's box routes serve the event list, the
 * event's races and the race in the one lap model, and refuse without a session or with a bad
 * id; in headless Chromium at phone and desktop size the box event opens in the same event and
 * race views as a LiveRC import, with the results table and the lap chart's data checked.
 */
import { jetstream } from '@nats-io/jetstream';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issueApiToken } from '../../../cloud/accounts/api-token.ts';
import { PORTAL_BOX_PREFIX } from '../../../cloud/portal/box-races.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import type { LapModelRace } from '../../../shared/contracts/lap-model.ts';
import { useCleanups, waitFor } from '../../harness/index.ts';
import { startAdminCloud } from '../../support/admin-cloud.ts';
import { startServers, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { onTrack, TrackStream } from '../../support/race-stream.ts';
import { HEAT_EVENT, HEAT_RACE, rcHeatLog } from '../../support/rc-heat-log.ts';
import { text, texts, useBrowser, WAIT } from '../../web/box.ts';
import { chartData, portalPage, shot, signInAt, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;
const TRACK = 'gamma';
const PASSWORD = 'correct horse battery';
const TOKEN_NAME = 'box-reader';
let apiToken: string;

const api = (path: string, headers: Record<string, string> = { authorization: `Bearer ${apiToken}` }) => fetch(`${cloud.url}${PORTAL_BOX_PREFIX}${path}`, { headers });

beforeAll(async () => {
  servers = await startServers();
  // The projection turns the race events into the one lap model; the portal's routes come with the liverc role.
  cloud = await startAdminCloud(servers, { roles: 'liverc,ingest,projection' });
  const store = cloud.liverc!.accounts.store;
  apiToken = (await issueApiToken(store, await store.create({ name: TOKEN_NAME, role: 'admin', password: PASSWORD }))).token;
  for (const size of Object.keys(SIZES)) await store.create({ name: `racer-${size}`, role: 'member', password: PASSWORD });
  const stream = new TrackStream(jetstream(cloud.runtime.nc), TRACK, onTrack(rcHeatLog().envelopes, TRACK));
  await stream.publishAll();
  // The referee's correction after the finish puts Bob first: the last change the heat makes.
  await waitFor('the corrected heat in the read models', async () => {
    const answer = await api(`/tracks/${TRACK}/events/${HEAT_EVENT}/races/${HEAT_RACE}/lap-model`);
    return answer.status === 200 && ((await answer.json()) as LapModelRace).results[0]?.driver_name === 'Bob Best';
  }, 60_000);
}, 120_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

describe('portal box races API', () => {
  test('portal box races - the event list, the event with its races and the race in the one lap model', async () => {
    const events = (await (await api('/events')).json()) as { events: { track_id: string; event_id: string; name: string; source: string }[] };
    expect(events.events).toEqual([expect.objectContaining({ source: 'box', track_id: TRACK, event_id: HEAT_EVENT, name: 'Club night' })]);
    const detail = (await (await api(`/tracks/${TRACK}/events/${HEAT_EVENT}`)).json()) as { event: { name: string }; races: { source_race_id: string; label: string; class_name: string; round: string | null; results: unknown[] }[] };
    expect(detail.event.name).toBe('Club night');
    expect(detail.races).toEqual([{ source_race_id: HEAT_RACE, label: 'Heat 1', class_name: 'Touring', round: 'Round 1', completed_at: expect.any(String), order: 0, results: [{ driver_name: 'Bob Best' }, { driver_name: 'Alice Ace' }] }]);
    const race = (await (await api(`/tracks/${TRACK}/events/${HEAT_EVENT}/races/${HEAT_RACE}/lap-model`)).json()) as LapModelRace;
    expect(race.race).toMatchObject({ source: 'box', race_id: HEAT_RACE, status: 'finished' });
    expect(race.results.map((r) => [r.driver_name, r.laps])).toEqual([['Bob Best', 3], ['Alice Ace', 2]]);
  });

  test('portal box races - refused without a session or with a revoked-looking token; bad ids are 400 and missing ones 404, each named', async () => {
    expect((await api('/events', {})).status).toBe(401);
    expect((await api('/events', { authorization: 'Bearer mreu1.nope.nope' })).status).toBe(401);
    const bad = await api(`/tracks/Gamma/events/${HEAT_EVENT}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^track id must be 1-64 of a-z/);
    const missing = await api(`/tracks/${TRACK}/events/${HEAT_EVENT}/races/heat-9/lap-model`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe(`track ${TRACK} has no timed race heat-9 in event ${HEAT_EVENT}`);
    expect((await api(`/tracks/${TRACK}/events/nothing-here`)).status).toBe(404);
  });
});


describe.each(Object.keys(SIZES) as Size[])('portal box races at %s size', (size) => {
  test(`portal box races - ${size}: the box event opens from "Timed by our boxes" in the portal's navigation, in the event view, its heat in the race view with results and lap chart`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/`, `racer-${size}`, PASSWORD);
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Timed by our boxes' }).click();
    await page.getByRole('link', { name: 'Club night' }).click();
    await expect.poll(text(page.locator('#event-title')), WAIT).toBe('Club night');
    await shot(page, 'box-event', size);
    await page.getByRole('link', { name: 'Heat 1' }).click();
    await expect.poll(texts(page.locator('table.results tbody th')), WAIT).toEqual(['Bob Best', 'Alice Ace']);
    expect(await texts(page.locator('table.results tbody tr:first-child td'))()).toEqual(['1', '3/1:06.000', '—', '22.000 (lap 1)', '22.000', '100.00%']);
    const laps = (await chartData(page, 'chart-laps'))!;
    expect(laps.slice(0, 3)).toEqual([[1, 2, 3], [22, 22, 22], [20, 40.5, null]]);
    expect(await page.locator('.no-positions').count()).toBe(1);
    await shot(page, 'box-race', size);
    await page.getByRole('link', { name: '← Club night' }).click();
    await expect.poll(text(page.locator('#event-title')), WAIT).toBe('Club night');
    expect(problems, problems.join('\n')).toEqual([]);
  }, 90_000);
});
