/**
 * @module Accessibility of the portal and its admin console in headless Chromium at phone and
 * desktop size: axe-core's WCAG 2.1 A and AA rules on every page state with a form or a table
 * (sign-in, a refused sign-in, the track search with its list open, the events list, an event,
 * a race with its charts, each console section), and the sign-in form worked by keyboard alone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CloudService } from '../../../cloud/service/cloud-service.ts';
import { useCleanups } from '../../harness/index.ts';
import { axeViolations } from '../../support/axe.ts';
import { startServers, startTestCloud, type Servers } from '../../support/liverc-pages/cloud-stack.ts';
import { importEvent } from '../../support/liverc-pages/import-event.ts';
import { serveTestTrack, serveTrackList, TEST_TRACK } from '../../support/liverc-pages/site.ts';
import { text, useBrowser, WAIT } from '../../web/box.ts';
import { portalPage, shot, SIZES, type Size } from './portal-browser.ts';

const defer = useCleanups();
const browser = useBrowser();
let servers: Servers;
let cloud: CloudService;
const PASSWORD = 'correct horse battery';
const EVENT_ID = '610001';

beforeAll(async () => {
  servers = await startServers();
  serveTrackList(servers.fake);
  serveTestTrack(servers.fake);
  cloud = await startTestCloud(servers);
  await cloud.runtime.ingestion.syncTracks();
  await cloud.runtime.ingestion.refreshEvents(TEST_TRACK.slug);
  await importEvent(cloud, EVENT_ID);
  for (const size of Object.keys(SIZES)) await cloud.liverc!.accounts.store.create({ name: `admin-${size}`, role: 'admin', password: PASSWORD });
}, 120_000);
afterAll(async () => {
  await cloud?.stop(0);
  await servers?.stop();
});

async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([]);
}

/** Signs in by keyboard alone: Tab reaches the name, the password and the button in that order. */
async function signInByKeyboard(page: Page, size: Size): Promise<void> {
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.id)).toMatch(/name/);
  await page.keyboard.type(`admin-${size}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign in');
  await page.keyboard.press('Enter');
  await expect.poll(text(page.locator('.who')), WAIT).toContain(`admin-${size}`);
}

describe.each(Object.keys(SIZES) as Size[])('portal accessibility at %s size', (size) => {
  test(`portal a11y - ${size}: sign-in, search, events, an event and a race pass axe's WCAG 2.1 AA rules`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await page.goto(`${cloud.url}/portal/`);
    await expectAccessible(page, 'sign-in form');
    await page.getByLabel('Name').fill('nobody-here');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(text(page.getByRole('alert')), WAIT).toBe('wrong user name or password');
    await expectAccessible(page, 'sign-in refused');
    await page.reload();
    await signInByKeyboard(page, size);
    await expectAccessible(page, 'signed in, no track');
    const input = page.getByRole('combobox', { name: 'Track' });
    await input.focus();
    await page.keyboard.type('racew');
    await expect.poll(() => page.getByRole('option').count(), WAIT).toBeGreaterThan(1);
    await expectAccessible(page, 'track list open');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const month = page.waitForResponse((r) => r.url().includes('/events?from=2025-03-01&to=2025-03-31'));
    await page.locator('input[name=from]').fill('2025-03-01');
    await page.locator('input[name=to]').fill('2025-03-31');
    await month;
    await expect.poll(() => page.locator(`.event[data-event-id="${EVENT_ID}"]`).count(), WAIT).toBe(1);
    await expectAccessible(page, 'events list');
    await page.goto(`${cloud.url}/portal/#/events/${EVENT_ID}`);
    await expect.poll(() => page.locator('a[href^="#/races/"]').count(), WAIT).toBeGreaterThan(0);
    await expectAccessible(page, 'event view');
    await page.locator('a[href^="#/races/"]').last().click();
    await expect.poll(() => page.locator('table.results tbody tr').count(), WAIT).toBeGreaterThan(0);
    await expect.poll(() => page.locator('canvas').count(), WAIT).toBeGreaterThan(0);
    await expectAccessible(page, 'race view');
    await page.locator('details.chart-table summary').first().click();
    await expectAccessible(page, "race view with a chart's table open");
    await shot(page, 'a11y-race', size);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  test(`portal a11y - ${size}: every section of the admin console passes axe's WCAG 2.1 AA rules`, async () => {
    const { page, problems } = await portalPage(browser(), cloud.url, size, defer);
    await page.goto(`${cloud.url}/portal/admin/`);
    await expectAccessible(page, 'console sign-in');
    await signInByKeyboard(page, size);
    await expect.poll(() => page.locator('section h2').count(), WAIT).toBeGreaterThan(2);
    await expectAccessible(page, 'admin console');
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});
