/** @module Race control opened for a browser test: one page on a phone and one on a laptop (1366 × 850), both logged in, and the folder their screenshots go to. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { phonePage } from './box.ts';
import { logIn } from './meeting-page.ts';

export const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

export interface ControlPages {
  page: Page;
  /** The phone page's script errors and requests off the box. */
  problems: string[];
  desktop: Page;
  desktopContext: BrowserContext;
}

export async function openControl(browser: Browser, boxUrl: string, defer: (fn: () => unknown) => void): Promise<ControlPages> {
  const { page, problems } = await phonePage(browser, defer);
  await page.goto(`${boxUrl}/control/`);
  await logIn(page);
  const desktopContext = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  defer(() => desktopContext.close());
  const desktop = await desktopContext.newPage();
  await desktop.goto(`${boxUrl}/control/`);
  await logIn(desktop);
  return { page, problems, desktop, desktopContext };
}
