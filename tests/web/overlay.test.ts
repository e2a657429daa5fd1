/** @module The streaming overlay in headless Chromium at 1920×1080 against a real appliance racing a BMX moto on its simulator: transparent page, the moto's lanes, then its finish order; nothing drawn with no race on track. */
import { describe, expect, test } from 'vitest';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { BMX_CLUB_DAY, control, dataDir, startBox, text, texts, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

const EVENT = BMX_CLUB_DAY;

describe('overlay', () => {
  test('overlay - a transparent page that draws nothing until a moto is staged, then its lanes, the gate and the finish order with times', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer), raceSeconds: '8,12' });
    defer(() => box.stop());
    await control(box, 'event.setup', EVENT);
    const context = await browser().newContext({ viewport: { width: 1920, height: 1080 } });
    defer(() => context.close());
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${box.url}/overlay/?rows=8`);

    // A streaming PC composites the page over video: nothing may paint the background.
    const backgrounds = await page.evaluate(() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor]);
    expect(backgrounds).toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    await page.waitForTimeout(1000);
    expect(await page.locator('.tower').count()).toBe(0);

    await control(box, 'race.stage', { event_id: 'club-day', race_id: 'moto-1', format: 'bmx', class_id: 'boys-13', name: 'Moto 1', round: 1, min_time_ms: 3000, lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `r${i}`, lane: i })) });
    const tower = page.locator('.tower[data-race-id="moto-1"]');
    await expect.poll(text(tower.locator('.tower-name')), WAIT).toBe('Moto 1');
    expect(await texts(tower.locator('.tower-place'))()).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(await texts(tower.locator('.tower-plate'))()).toEqual(['11', '12', '13', '14']);
    expect(await text(tower.locator('.tower-sub'))()).toBe('BOYS 13 · ROUND 1');

    await expect.poll(text(tower.locator('.tower-badge')), WAIT).toBe('FINAL');
    await expect.poll(texts(tower.locator('.tower-place')), WAIT).toEqual(['1', '2', '3', '4']);
    for (const time of await texts(tower.locator('.tower-figure'))()) expect(time).toMatch(/^\d+\.\d{3}$/);
    await page.screenshot({ path: artifactPath('overlay-bmx-1080p.png'), omitBackground: true });
    expect(problems).toEqual([]);
  }, 120_000);
});
