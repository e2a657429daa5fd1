/** @module The portal in headless Chromium for tests: a page at phone or desktop size that collects script errors and requests leaving the cloud, screenshots into .scratch/shots/, and signing in through the form. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { phoneContext } from '../../harness/index.ts';
import { text, WAIT } from '../../web/box.ts';

export const SHOTS = fileURLToPath(new URL('../../../.scratch/shots/', import.meta.url));
export const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 850 } } as const;
export type Size = keyof typeof SIZES;

/** A page at this size that collects script errors and requests to anywhere but the cloud; `defer` closes its context. */
export async function portalPage(browser: Browser, cloudUrl: string, size: Size, defer: (cleanup: () => Promise<unknown>) => void): Promise<{ page: Page; problems: string[] }> {
  mkdirSync(SHOTS, { recursive: true });
  const context = size === 'phone' ? await phoneContext(browser) : await browser.newContext({ viewport: SIZES.desktop });
  defer(() => context.close());
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(cloudUrl) && !request.url().startsWith('data:')) problems.push(`external request: ${request.url()}`);
  });
  return { page, problems };
}

/** The columns a chart handed uPlot (x first), kept on its element by web/portal/lap-chart.tsx; null before it drew. */
export const chartData = (page: Page, id: string) => page.locator(`#${id}`).evaluate((el) => (el as HTMLElement & { chartData?: (number | null)[][] }).chartData ?? null);

export const shot = (page: Page, name: string, size: Size) => page.screenshot({ path: `${SHOTS}portal-${name}-${size}.png`, fullPage: true });

export async function signInAt(page: Page, url: string, name: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await expect.poll(text(page.locator('.who')), WAIT).toContain(name);
}
