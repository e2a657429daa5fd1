/**
 * @module The portal's event and race views in headless Chromium at phone and desktop size, against a
 * real cloud and the fake LiveRC with one event imported through the API: the event's races grouped by
 * round and class, the race's results table against the one lap model, and each uPlot chart checked
 * twice: the series it was given, and pixels of each series' colour on its canvas.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LapModelRace } from '../../../shared/contracts/lap-model.ts';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { PALETTE } from '../../../web/portal/chart-data.ts';
import { useCleanups } from '../../harness/index.ts';
import { startServers, startTestCloud, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { importEvent } from '../../support/liverc-pages/import-event.ts';
import { fullName, type SynthEvent } from '../../support/liverc-pages/index.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../support/liverc-pages/site.ts';
import { text, useBrowser, WAIT } from '../../web/box.ts';
import { chartData, portalPage, shot, signInAt, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;
let event: SynthEvent;
const PASSWORD = 'correct horse battery';
const EVENT_ID = '610001';

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  event = serveTestTrack(servers.fake).events.find((e) => e.event_id === EVENT_ID)!;
  cloud = await startTestCloud(servers);
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
  await importEvent(cloud, EVENT_ID);
  for (const size of Object.keys(SIZES)) await cloud.liverc!.accounts.store.create({ name: `viewer-${size}`, role: 'member', password: PASSWORD });
}, 120_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

/** The column uPlot gets for one driver: seconds at each lap number, null where the driver ran no such lap. */
function column(laps: LapModelRace['laps'][number]['laps'], count: number, value: (lap: LapModelRace['laps'][number]['laps'][number]) => number | null) {
  const out: (number | null)[] = Array.from({ length: count }, () => null);
  for (const lap of laps) if (lap.lap >= 1) out[lap.lap - 1] = value(lap);
  return out;
}

function expectedLapTimes(model: LapModelRace, keys: string[] | null) {
  const drivers = model.laps.filter((d) => keys === null || keys.includes(d.driver_key));
  const count = Math.max(...drivers.flatMap((d) => d.laps.map((l) => l.lap)));
  const suspect = column(drivers.flatMap((d) => d.laps.filter((l) => l.flags.includes('suspect'))), count, (l) => l.lap_ms / 1000);
  return [Array.from({ length: count }, (_, i) => i + 1), ...drivers.map((d) => column(d.laps, count, (l) => l.lap_ms / 1000)), suspect];
}


/** Pixels on the chart's canvas within a small distance of each colour (the line's centre is drawn in exactly it). */
function coloured(page: Page, id: string, colours: readonly string[]): Promise<number[]> {
  return page.locator(`#${id} canvas`).evaluate((canvas, hexes) => {
    const c = canvas as HTMLCanvasElement;
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    const rgb = hexes.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = hexes.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3]! < 250) continue;
      rgb.forEach(([r, g, b], i) => {
        if (Math.abs(data[p]! - r!) + Math.abs(data[p + 1]! - g!) + Math.abs(data[p + 2]! - b!) < 12) counts[i]!++;
      });
    }
    return counts;
  }, colours);
}

const seconds = (ms: number | null) => (ms === null ? '—' : (ms / 1000).toFixed(3));

describe.each(Object.keys(SIZES) as Size[])('portal race views at %s size', (size) => {
  test(`portal races - ${size}: the imported event opens from the events list, its races grouped by round and class`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await signInAt(page, `${cloud.url}/portal/?track=${TEST_TRACK.slug}&name=Test&from=2025-03-01&to=2025-03-31`, `viewer-${size}`, PASSWORD);
    await page.getByRole('link', { name: `Open ${event.name}` }).click();
    await expect.poll(text(page.locator('#event-title')), WAIT).toBe(event.name);
    expect(new URL(page.url()).hash).toBe(`#/events/${EVENT_ID}`);
    const detail = (await (await page.request.get(`${cloud.url}/api/connectors/liverc/events/${EVENT_ID}`)).json()) as { races: { source_race_id: string; round: string | null; class_name: string }[] };
    // Every race LiveRC listed, under its own class as the event page gave it.
    expect(detail.races.map((r) => r.source_race_id).sort()).toEqual(event.races.map((r) => r.race_id).sort());
    const shown = await page.locator('.class-group').evaluateAll((groups) =>
      groups.map((g) => ({ round: g.closest('.round')!.querySelector('h3')!.textContent, cls: g.getAttribute('data-class'), races: Array.from(g.querySelectorAll('[data-race-id]'), (li) => li.getAttribute('data-race-id')) })),
    );
    const expected = new Map<string, string[]>();
    for (const r of detail.races) {
      const key = JSON.stringify([r.round ?? 'Other races', r.class_name]);
      expected.set(key, [...(expected.get(key) ?? []), r.source_race_id]);
    }
    expect(new Map(shown.map((g) => [JSON.stringify([g.round, g.cls]), g.races]))).toEqual(expected);
    for (const race of event.races) expect(shown.find((g) => g.races.includes(race.race_id))!.cls).toBe(race.class_name);
    await shot(page, '8-event', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  test(`portal races - ${size}: a race's table is the lap model's figures, its charts drew the model's laps and positions, two ticked drivers overlay exactly those two`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    const race = event.races.filter((r) => r.class_name === '1/10 2WD Buggy').sort((a, b) => b.results.length - a.results.length)[0]!;
    await signInAt(page, `${cloud.url}/portal/#/events/${EVENT_ID}`, `viewer-${size}`, PASSWORD);
    await page.locator(`[data-race-id="${race.race_id}"] a`).click();
    await expect.poll(() => page.locator('#chart-laps').getAttribute('data-drawn'), WAIT).toBe('true');
    const model = (await (await page.request.get(`${cloud.url}/api/connectors/liverc/races/${race.race_id}/lap-model`)).json()) as LapModelRace;
    expect(model.results.map((r) => r.driver_name)).toEqual(race.results.filter((r) => r.laps.length > 0).map((r) => fullName(r.driver)));

    const rows = await page.locator('table.results tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent!.trim())));
    expect(rows).toHaveLength(model.results.length);
    model.results.forEach((r, i) => {
      const [pos, name, lapsTime, , fastest, avg, consistency] = rows[i]!;
      expect(pos).toBe(String(r.position));
      expect(name).toBe(r.driver_name);
      expect(lapsTime).toMatch(new RegExp(`^${r.laps}/(\\d+:)?0?${seconds(r.total_time_ms! % 60_000).replace('.', '\\.')}$`));
      expect(fastest).toBe(`${seconds(r.best_lap_ms)} (lap ${r.best_lap_number})`);
      expect(avg).toBe(seconds(r.avg_lap_ms));
      expect(consistency).toBe(`${r.consistency_pct!.toFixed(2)}%`);
    });

    expect(await chartData(page, 'chart-laps')).toEqual(expectedLapTimes(model, null));
    const drivers = model.laps.length;
    const lapPixels = await coloured(page, 'chart-laps', PALETTE.slice(0, drivers));
    expect(lapPixels.every((n) => n > 20), `pixels per driver colour: ${lapPixels}`).toBe(true);

    const count = Math.max(...model.laps.flatMap((d) => d.laps.map((l) => l.lap)));
    expect(await chartData(page, 'chart-positions')).toEqual([Array.from({ length: count }, (_, i) => i + 1), ...model.laps.map((d) => column(d.laps, count, (l) => l.position))]);
    const placePixels = await coloured(page, 'chart-positions', PALETTE.slice(0, drivers));
    expect(placePixels.every((n) => n > 20), `pixels per driver colour: ${placePixels}`).toBe(true);
    await shot(page, '9-race', size);

    const picked = [model.results[1]!, model.results[3]!];
    expect(await page.locator('#chart-compare').count()).toBe(0);
    for (const r of picked) await page.getByRole('checkbox', { name: r.driver_name }).check();
    await expect.poll(() => page.locator('#chart-compare').getAttribute('data-series'), WAIT).toBe(JSON.stringify([...picked.map((r) => r.driver_name), 'Suspect laps']));
    // The table and key update at once; uPlot gets its data in an effect just after.
    await expect.poll(() => chartData(page, 'chart-compare'), WAIT).toEqual(expectedLapTimes(model, picked.map((r) => r.driver_key)));
    // Each ticked driver keeps the colour the lap chart gave them; no other driver's colour is drawn.
    const index = picked.map((r) => model.laps.findIndex((d) => d.driver_key === r.driver_key));
    const overlay = await coloured(page, 'chart-compare', PALETTE.slice(0, drivers));
    expect(index.every((i) => overlay[i]! > 20), `pixels per colour: ${overlay}`).toBe(true);
    expect(overlay.filter((_, i) => !index.includes(i))).toEqual(Array.from({ length: drivers - 2 }, () => 0));
    await page.locator('#chart-compare').scrollIntoViewIfNeeded();
    await shot(page, '9-race-compare', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});
