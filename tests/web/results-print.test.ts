/** @module Results sheets in headless Chromium against a real appliance whose simulator races the staged motos: printed to PDF on A4 and Letter, the print-emulated page and a phone screen captured and checked. */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningAppliance } from '../../appliance/service/appliance.ts';
import { artifactPath, launchChromium, useCleanups, waitFor } from '../harness/index.ts';
import { control, dataDir, ensureWebBuilt, phonePage, startBox } from './box.ts';

const defer = useCleanups();
const CLASSES = [{ class_id: 'boys-13', name: 'Boys 13' }, { class_id: 'girls-12', name: 'Girls 12' }];
const EVENT = {
  event_id: 'club-day',
  name: 'Club day, round 4',
  date: '2026-12-05',
  classes: CLASSES.map((c) => ({ ...c, format: 'bmx' })),
  riders: CLASSES.flatMap((c, k) => [1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({
    rider_id: `${c.class_id}-r${i}`, name: i === 3 ? 'Maximilian-Alexander Featherstonehaugh-Wolfeschlegel' : `Rider ${k * 8 + i}`, plate: String(100 * (k + 1) + i), class_id: c.class_id, transponders: [201_000_000 + k * 8 + i],
  }))),
};

let box: RunningAppliance;
let browser: Browser;
let tempDirs: (() => unknown)[] = [];

beforeAll(async () => {
  box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir((fn) => tempDirs.push(fn)), raceSeconds: '3,4', env: { MRE_CLUB_NAME: 'Riverside BMX Club', MRE_CLUB_TIME_ZONE: 'Europe/London' } });
  await control(box, 'event.setup', EVENT);
  for (const round of [1, 2]) {
    for (const c of CLASSES) {
      const race_id = `${c.class_id}-m${round}`;
      await control(box, 'race.stage', { event_id: 'club-day', race_id, class_id: c.class_id, format: 'bmx', name: `${c.name} moto ${round}`, round, min_time_ms: 1000, lineup: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ rider_id: `${c.class_id}-r${i}`, lane: ((i + round * 3) % 8) + 1 })) });
      await waitFor(`${race_id} finished`, async () => ((await (await fetch(`${box.url}/api/races/${race_id}`)).json()) as { race: { status: string } }).race.status === 'finished', 60_000);
    }
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await box?.stop();
  for (const fn of tempDirs) await fn();
  tempDirs = [];
});

/** A page that records what the page's policy refused and every script error: a sheet must have neither. */
async function watchedPage(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Width and height of each page of a PDF, in points, from its MediaBoxes. */
function pdfPages(pdf: Buffer): [number, number][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

const PAPER = { A4: { width: [595, 596], height: [841, 843], cssWidth: 718 }, Letter: { width: [612, 612], height: [792, 792], cssWidth: 740 } } as const;

describe('results sheet in print', () => {
  for (const format of ['A4', 'Letter'] as const) {
    test(`results sheets - the event sheet prints on ${format}: every page that paper's size, the links left off, the tables within the paper's width`, async () => {
      // The printable width of the paper at the sheet's 10 mm side margins, in CSS px.
      const context = await browser.newContext({ viewport: { width: PAPER[format].cssWidth, height: 1000 } });
      defer(() => context.close());
      const page = await context.newPage();
      const problems = await watchedPage(page);
      const response = await page.goto(`${box.url}/results/events/club-day`);
      expect(response?.status()).toBe(200);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav').isVisible()).toBe(false);
      expect(await page.locator('section.race').count()).toBe(4);
      expect(await page.locator('th').first().evaluate((th) => getComputedStyle(th).textTransform)).toBe('uppercase');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PAPER[format].cssWidth);
      await page.screenshot({ path: artifactPath(`results-sheet-print-${format.toLowerCase()}.png`), fullPage: true });

      const path = artifactPath(`results-sheet-${format.toLowerCase()}.pdf`);
      await page.pdf({ path, format, printBackground: true });
      const pages = pdfPages(await readFile(path));
      expect(pages.length).toBeGreaterThanOrEqual(1);
      for (const [w, h] of pages) {
        expect(w).toBeGreaterThanOrEqual(PAPER[format].width[0]);
        expect(w).toBeLessThanOrEqual(PAPER[format].width[1]);
        expect(h).toBeGreaterThanOrEqual(PAPER[format].height[0]);
        expect(h).toBeLessThanOrEqual(PAPER[format].height[1]);
      }
      expect(problems).toEqual([]);
    }, 60_000);
  }

  test('results sheets - on a phone the sheet fits the screen, with wide tables scrolling inside their own box', async () => {
    const { page, problems } = await phonePage(browser, defer);
    const errors = await watchedPage(page);
    await page.goto(`${box.url}/results/events/club-day`);
    expect(await page.locator('nav').isVisible()).toBe(true);
    expect(await page.locator('h1').innerText()).toBe('Club day, round 4');
    expect(await page.locator('.club').innerText()).toBe('RIVERSIDE BMX CLUB');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: artifactPath('results-sheet-phone.png'), fullPage: false });
    await page.goto(`${box.url}/results/events/club-day/running-order`);
    expect(await page.locator('section.order').count()).toBe(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: artifactPath('results-running-order-phone.png'), fullPage: true });
    expect([...problems, ...errors]).toEqual([]);
  }, 60_000);

  test('results sheets - the scoreboard\'s standings tab links to the event\'s sheet', async () => {
    await ensureWebBuilt();
    const { page, problems } = await phonePage(browser, defer);
    await page.goto(`${box.url}/#standings`);
    const link = page.getByRole('link', { name: 'Results: printable sheets and CSV' });
    await expect.poll(() => link.getAttribute('href'), { timeout: 30_000 }).toBe('/results/events/club-day');
    await link.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('results-scoreboard-link.png') });
    await link.click();
    await page.waitForURL(`${box.url}/results/events/club-day`);
    expect(await page.locator('h1').innerText()).toBe('Club day, round 4');
    expect(problems).toEqual([]);
  }, 60_000);
});
