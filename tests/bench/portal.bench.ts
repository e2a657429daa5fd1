/**
 * @module The portal's race view: what a phone downloads for the page (uPlot included), and how
 * long the first chart takes after a big race's lap model arrives: a 12-driver A-Main of about 450
 * laps imported from the fake LiveRC into a real cloud, opened in headless Chromium at phone size,
 * timed by the page's own performance marks (laps response received → first chart drawn).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchChromium, phoneContext } from '../harness/index.ts';
import { eventsListHtml, eventSite, PATHS, registrations, serveEvent, syntheticEvent } from '../support/liverc-pages/index.ts';
import { startServers, startTestCloud } from '../support/liverc-pages/cloud-stack.ts';
import { importEvent } from '../support/liverc-pages/import-event.ts';
import { TEST_TRACK, serveTrackList } from '../support/liverc-pages/site.ts';
import { FIRST_CHART_MARK, LAPS_RECEIVED_MARK } from '../../web/portal/chart-marks.ts';
import type { BenchEntry } from './bench-types.ts';
import { pageBundle } from './scoreboard-bundle.bench.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 7;

export const portalBundleBench: BenchEntry = {
  name: 'portal bundle gzipped (KB)',
  target: { value: 150, better: 'lower' },
  run: async () => pageBundle('portal'),
};

/** One class of 12 in a single A-Main long enough for about 450 laps between them. */
const bigRace = () => syntheticEvent({ slug: TEST_TRACK.slug, track_name: TEST_TRACK.name, event_id: '690001', name: 'Endurance Main', date_start: '2025-03-22', rounds: 0, heat_size: 12, heat_length_s: 433, classes: [{ class_name: '1/10 2WD Buggy', drivers: 12 }] });

export const portalFirstChartBench: BenchEntry = {
  name: 'portal time to first chart, 12 drivers 450 laps (ms)',
  target: { value: 300, better: 'lower' },
  async run() {
    execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const event = bigRace();
    const race = event.races[0]!;
    const laps = race.results.reduce((n, r) => n + r.laps.length, 0);
    const servers = await startServers();
    const cloud = await startTestCloud(servers);
    const browser = await launchChromium();
    try {
      serveTrackList(servers.fake);
      servers.fake.page(TEST_TRACK.slug, PATHS.eventList, eventsListHtml(TEST_TRACK.name, [{ event_id: event.event_id, name: event.name, date: event.date_start, time: '08:30:00', ...registrations(event) }]));
      serveEvent(servers.fake, TEST_TRACK.slug, event.event_id, eventSite(event));
      await cloud.runtime.ingestion.syncTracks();
      await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
      await importEvent(cloud, event.event_id);
      await cloud.liverc!.accounts.store.create({ name: 'bench', role: 'member', password: 'bench password here' });
      const page = await (await phoneContext(browser)).newPage();
      await page.goto(`${cloud.url}/portal/`);
      await page.getByLabel('Name').fill('bench');
      await page.getByLabel('Password').fill('bench password here');
      await page.getByLabel('Password').press('Enter');
      await page.locator('.who').waitFor();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await page.goto(`${cloud.url}/portal/?run=${i}#/races/${race.race_id}?event=${event.event_id}`);
        await page.locator('#chart-laps[data-drawn="true"]').waitFor({ timeout: 60_000 });
        times.push(await page.evaluate(([from, to]) => performance.measure('first-chart', from, to).duration, [LAPS_RECEIVED_MARK, FIRST_CHART_MARK] as const));
      }
      times.sort((a, b) => a - b);
      return { value: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, unit: 'ms', detail: { drivers: race.results.length, laps, runs: RUNS, statistic: 'median', best_ms: Math.round(times[0]! * 10) / 10, worst_ms: Math.round(times.at(-1)! * 10) / 10, viewport: '390x844 @2x' } };
    } finally {
      await browser.close();
      await cloud.stop(0);
      await servers.stop();
    }
  },
};
