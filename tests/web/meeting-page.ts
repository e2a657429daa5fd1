/** @module Race control's Meeting section as browser tests read it: logging in, the section, a race's row on the sheet, texts on one line. */
import type { Locator, Page } from 'playwright-core';
import { TOKEN } from './box.ts';

export async function logIn(page: Page): Promise<void> {
  await page.getByLabel('PIN').fill(TOKEN);
  await page.getByLabel('Name', { exact: true }).fill('Pat Official');
  await page.getByRole('button', { name: 'Use' }).click();
}

export const section = (page: Page) => page.getByRole('group', { name: 'meeting', exact: true });
/** The section's own fold: the setup form's More settings is a fold inside it. */
export const sectionHead = (page: Page) => section(page).locator(':scope > summary');
/** Each match's text on one line, however the phone wraps it. */
export const oneLine = async (locator: Locator) => (await locator.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
export const raceRow = (page: Page, raceId: string) => section(page).locator(`.moto-sheet [data-race="${raceId}"]`);
