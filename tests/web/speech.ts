/** @module The scoreboard's voice in headless Chromium, which has none: what the page hands speechSynthesis is recorded, and the announcer is turned on as a phone user does. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { WAIT } from './box.ts';

export interface Said {
  text: string;
  at: number;
}

/** Replaces the browser's speechSynthesis.speak with one that records what it is handed and when; the page's code runs as it does on a phone. */
export async function recordSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const said: { text: string; at: number }[] = [];
    (window as unknown as { said: typeof said }).said = said;
    Object.defineProperty(window.speechSynthesis, 'speak', { value: (u: SpeechSynthesisUtterance) => said.push({ text: u.text, at: performance.now() }) });
  });
}

/** Everything spoken so far, read now: for `expect.poll`. */
export const said = (page: Page) => () => page.evaluate(() => (window as unknown as { said: Said[] }).said.map((s) => s.text).filter((t) => t !== ''));
export const saidWithTimes = (page: Page) => page.evaluate(() => (window as unknown as { said: Said[] }).said.filter((s) => s.text !== ''));

/** Taps the announcer on, which says its test phrase. */
export async function turnOn(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: /announcer/i });
  expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-pressed'), WAIT).toBe('true');
  expect(await said(page)()).toEqual(['Announcer on']);
}
