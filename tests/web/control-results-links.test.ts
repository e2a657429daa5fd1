/** @module Race control's links to the printable results, in headless Chromium against a real appliance: the event's sheet from the header, a finished race's sheet from the race panel, each opening a 200 page that names what it prints. */
import type { Locator, Page, Response } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

/** Clicks a link that opens a new tab; answers the tab, and the status of the document it loaded. */
async function follow(page: Page, link: Locator): Promise<{ tab: Page; status: number | undefined }> {
  const context = page.context();
  const statuses = new Map<string, number>();
  // Listening on the whole context before the click: the new tab's document can answer before the tab is handed over.
  const onResponse = (response: Response) => {
    if (response.request().resourceType() === 'document') statuses.set(response.url(), response.status());
  };
  context.on('response', onResponse);
  try {
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState('load');
    return { tab, status: statuses.get(tab.url()) };
  } finally {
    context.off('response', onResponse);
  }
}

describe('control results links', () => {
  test('control results links - the header opens the event sheet and a finished race opens its own, both 200 pages', async () => {
    // The RC scenario leaves a BMX gate to race control, so the moto waits staged until the test drops it.
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', {
      event_id: 'club-day',
      name: 'Club day',
      classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }],
      riders: [1, 2, 3].map((i) => ({ rider_id: `r${i}`, name: `Rider ${i}`, plate: String(10 + i), class_id: 'boys-13', transponders: [201_000_000 + i] })),
    });
    await control(box, 'race.stage', { event_id: 'club-day', race_id: 'moto-1', format: 'bmx', class_id: 'boys-13', name: 'Moto 1', round: 1, lineup: [1, 2, 3].map((i) => ({ rider_id: `r${i}`, lane: i })) });
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await expect.poll(() => page.title(), WAIT).toBe('Club day · Race control');

    const header = page.locator('header.top');
    const eventLink = header.getByRole('link', { name: 'Results' });
    expect(await eventLink.getAttribute('href')).toBe('/results/events/club-day');
    const race = page.getByRole('region', { name: 'current race' });
    // A race still staged has no sheet link yet: its results are not final.
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('STAGED');
    expect(await race.getByRole('link', { name: 'Results sheet' }).count()).toBe(0);

    const sheet = await follow(page, eventLink);
    expect(sheet.status).toBe(200);
    expect(new URL(sheet.tab.url()).pathname).toBe('/results/events/club-day');
    expect(await sheet.tab.locator('h1').first().innerText()).toContain('Club day');
    await sheet.tab.close();

    await control(box, 'race.gate', { race_id: 'moto-1' });
    await control(box, 'race.force_finish', { race_id: 'moto-1' });
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('FINAL');
    const raceLink = race.getByRole('link', { name: 'Results sheet' });
    expect(await raceLink.getAttribute('href')).toBe('/results/races/moto-1');
    await page.screenshot({ path: artifactPath('control-results-links-phone.png') });
    const moto = await follow(page, raceLink);
    expect(moto.status).toBe(200);
    expect(new URL(moto.tab.url()).pathname).toBe('/results/races/moto-1');
    expect(await moto.tab.locator('body').innerText()).toContain('Moto 1');
    expect(problems).toEqual([]);
  }, 120_000);
});
