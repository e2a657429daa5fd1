/**
 * @module Accessibility of the box's pages in headless Chromium at phone and desktop size against
 * a real appliance with a BMX meeting set up: axe-core's WCAG 2.1 A and AA rules on the
 * scoreboard, race control's PIN form, and race control signed in with the meeting's setup form
 * and its More settings open.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../harness/index.ts';
import { axeViolations } from '../support/axe.ts';
import { control, dataDir, phonePage, startBox, text, useBrowser, WAIT } from './box.ts';
import { CUP } from './meeting-fixture.ts';
import { logIn, section } from './meeting-page.ts';

const defer = useCleanups();
const browser = useBrowser();

const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 850 } } as const;

async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([]);
}

describe('box accessibility', () => {
  test('box a11y - the scoreboard, the PIN form and race control with the meeting setup open pass at phone and desktop size', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', CUP);
    for (const [size, viewport] of Object.entries(SIZES)) {
      // A page of its own per size: the PIN is kept per tab once typed.
      const { page, problems } = await phonePage(browser(), defer);
      await page.setViewportSize(viewport);
      await page.goto(`${box.url}/`);
      await expect.poll(() => page.locator('main').count(), WAIT).toBeGreaterThan(0);
      await expectAccessible(page, `scoreboard at ${size}`);
      await page.goto(`${box.url}/control/`);
      await expect.poll(() => page.getByLabel('PIN').count(), WAIT).toBe(1);
      await expectAccessible(page, `PIN form at ${size}`);
      await logIn(page);
      await expectAccessible(page, `race control at ${size}`);
      await section(page).locator(':scope > summary').click();
      await expect.poll(text(section(page).getByRole('form', { name: 'meeting setup' })), WAIT).not.toBe('');
      await section(page).locator('details.more-settings > summary').click();
      await expectAccessible(page, `meeting setup with More settings at ${size}`);
      expect(problems, problems.join('\n')).toEqual([]);
    }
  }, 120_000);
});
