/** @module The quick start's first run: `mre appliance start` as a real process, no event set up, its built-in simulator's cars on an open practice board at phone size. */
import { describe, expect, test } from 'vitest';
import { spawnBox } from '../appliance/service/box-process.ts';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { phonePage, text, texts, useBrowser } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

describe('first run', () => {
  test('first run - the box with no event set up shows its simulated cars on a live open practice board within 30 s', async () => {
    // The README's first command: defaults throughout (the simulator's rc-practice track), a fresh data directory.
    const started = Date.now();
    const box = await spawnBox(defer);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    const board = page.locator('section.board[data-status="running"]').first();
    await expect.poll(texts(board.locator('.practice-row .cell-name')), { timeout: 30_000 - (Date.now() - started), interval: 250 }).toEqual(expect.arrayContaining([expect.stringMatching(/^#\d+/)]));
    expect(await text(board.locator('.board-title h2'))()).toBe('Open practice');
    expect(await text(board.locator('.badge'))()).toBe('PRACTICE');
    expect(await text(page.locator('.top h1'))()).toBe('Open practice');
    await expect.poll(() => page.locator('p.idle').count(), { timeout: 5_000 }).toBe(0);
    // The board stays live: the first lap times come in as the simulated cars lap (14-22 s).
    await expect.poll(texts(board.locator('.practice-row .cell-result')), { timeout: 45_000, interval: 250 }).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+(:\d\d)?\.\d{3}$/)]));
    await page.screenshot({ path: artifactPath('first-run-open-practice.png'), fullPage: true });
    expect(problems).toEqual([]);
    // The box logged no intent for it: the board comes from the passings alone.
    const races = (await (await fetch(`${box.url}/api/races`)).json()) as { races: { race_id: string; format: string; status: string }[] };
    expect(races.races[0]).toMatchObject({ race_id: expect.stringMatching(/^practice-\d{4}-\d\d-\d\d$/), format: 'practice', status: 'running' });
  }, 90_000);
});
