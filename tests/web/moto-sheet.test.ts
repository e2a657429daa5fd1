/** @module The race meeting's moto sheet for the staging area against a real appliance: every moto by round with lanes, plates and riders, names escaped, the CSV, 404 for an unknown event or one without a meeting, and the sheet on a phone, a laptop and A4 paper in headless Chromium. */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningAppliance } from '../../appliance/service/appliance.ts';
import { launchChromium, useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox } from './box.ts';
import { CUP, drawCup, rider, TRICKY_NAME, type MeetingRace } from './meeting-fixture.ts';

const defer = useCleanups();
const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

let box: RunningAppliance;
let browser: Browser;
let order: MeetingRace[];
const tempDirs: (() => unknown)[] = [];

beforeAll(async () => {
  box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir((fn) => tempDirs.push(fn)), env: { MRE_CLUB_NAME: 'Riverside BMX Club', MRE_CLUB_TIME_ZONE: 'Europe/London' } });
  await control(box, 'event.setup', { ...CUP, event_id: 'plain-day', name: 'Plain day' });
  await control(box, 'event.setup', CUP);
  order = await drawCup(box);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await box?.stop();
  for (const fn of tempDirs) await fn();
});

const get = async (path: string) => {
  const response = await fetch(`${box.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('moto sheet', () => {
  test('moto sheet - every moto under its round with lane, plate and rider; names escaped; the print stylesheet linked; the CSV has the same rows', async () => {
    const page = await get('/results/events/club-cup/motos');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('<link rel="stylesheet" href="/results/print.css">');
    expect(page.text).toContain('<p class="club">Riverside BMX Club</p>');
    expect(page.text).toContain('<h1>Club cup: moto sheet</h1>');
    expect([...page.text.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['Round 1', 'Round 2', 'Round 3']);
    const sections = [...page.text.matchAll(/<section class="order moto" data-race-id="([^"]+)">([\s\S]*?)<\/section>/g)];
    expect(sections.map((m) => m[1])).toEqual(order.map((r) => r.race_id));
    for (const [i, race] of order.entries()) {
      const body = sections[i]![2]!;
      const className = CUP.classes.find((c) => c.class_id === race.class_ids[0])!.name;
      expect(body).toContain(`<h3>${i + 1}. ${race.name}</h3><span class="meta">${className}</span>`);
      const rows = [...body.matchAll(/<tr data-rider="([^"]*)"><td class="lane num">(\d+)<\/td><td class="plate num">(\d+)<\/td><td class="name">(.*?)<\/td><\/tr>/g)].map((m) => [Number(m[2]), m[3], m[4]]);
      expect(rows).toEqual(race.lineup.map((s) => [s.lane, rider(s.rider_id).plate, escaped(rider(s.rider_id).name)]));
    }
    expect(page.text).toContain('&lt;b&gt;Zoë &amp; &quot;Jo&quot;&lt;/b&gt;');
    expect(page.text).not.toContain(TRICKY_NAME);

    const css = await get('/results/print.css');
    expect(css.text).toMatch(/@media print \{[\s\S]*\.moto-grid \{ grid-template-columns: 1fr 1fr;/);

    const csv = await get('/results/events/club-cup/motos.csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('number,race_id,race,round,class_ids,class,status,lane,plate,rider_id,name');
    expect(lines.length).toBe(1 + order.reduce((n, r) => n + r.lineup.length, 0));
    const first = order[0]!.lineup[0]!;
    expect(lines[1]).toBe(`1,${order[0]!.race_id},Moto 1,1,boys-13,Boys 13,waiting,${first.lane},${rider(first.rider_id).plate},${first.rider_id},${rider(first.rider_id).name}`);
    expect(lines.find((l) => l.includes(',g2,'))).toMatch(/,g2,"<b>Zoë & ""Jo""<\/b>"$/);
  });

  test('moto sheet - an unknown event, or an event with no meeting, answers 404 naming it (plain text for the CSV)', async () => {
    const unknown = await get('/results/events/no-such-day/motos');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('No race meeting in event “no-such-day” on this box');
    const plain = await get('/results/events/plain-day/motos');
    expect(plain.status).toBe(404);
    expect(plain.text).toContain('No race meeting in event “plain-day” on this box');
    expect(await get('/results/events/plain-day/motos.csv')).toMatchObject({ status: 404, text: 'no race meeting in event “plain-day” on this box\n' });
  });

  test('moto sheet - on a phone, a laptop and A4 paper: fits the phone, two motos abreast on paper, links left off', async () => {
    const { page, problems } = await phonePage(browser, defer);
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${box.url}/results/events/club-cup/motos`);
    expect(await page.locator('section.moto').count()).toBe(order.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}moto-sheet-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: `${SHOTS}moto-sheet-desktop.png` });

    await page.setViewportSize({ width: 718, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    // Two columns on paper: the first two motos of a round side by side.
    const [a, b] = await page.locator('section.moto').evaluateAll((all) => all.slice(0, 2).map((s) => s.getBoundingClientRect().top));
    expect(a).toBe(b);
    await page.screenshot({ path: `${SHOTS}moto-sheet-print.png`, fullPage: true });
    const path = `${SHOTS}moto-sheet-a4.pdf`;
    await page.pdf({ path, format: 'A4', printBackground: true });
    const pdf = await readFile(path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect([...problems, ...errors]).toEqual([]);
  }, 60_000);
});
