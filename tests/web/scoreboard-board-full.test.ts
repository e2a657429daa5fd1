/** @module An open practice read by more transponders than any club runs: the board stops at its row limit and tells spectators how many crossings it left out, on a real box fed by a decoder on loopback TCP. */
import { createServer, type Socket } from 'node:net';
import { describe, expect, test } from 'vitest';
import { MAX_PRACTICE_ROWS } from '../../shared/race/competitors.ts';
import type { PracticeRaceView } from '../../shared/race/index.ts';
import { encodeRecord } from '../../shared/p3/encoder.ts';
import { TOR } from '../../shared/p3/constants.ts';
import { artifactPath, freePort, useCleanups, waitFor } from '../harness/index.ts';
import { dataDir, phonePage, startBox, text, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();
const DECODER = 4_242;
const EXTRA = 7;

describe('scoreboard', () => {
  test('scoreboard - an open practice stops giving rows at the board limit and says how many crossings of other transponders it left out; its clock reads minutes and seconds', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    defer(() => new Promise<void>((resolve) => server.close(() => resolve())));
    defer(() => sockets.forEach((s) => s.destroy()));
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${port}` } });
    defer(() => box.stop());
    await waitFor('the box to connect to the decoder', () => sockets.length > 0 || undefined, 30_000);

    // Nothing staged: the first crossing opens the automatic practice. Every car twice, 20 s apart, then one listed car again.
    const cars = MAX_PRACTICE_ROWS + EXTRA;
    const t0 = Date.now() * 1000;
    let n = 0;
    const passing = (transponder: number, atUs: number) => encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: ++n, transponder, rtc_time_us: atUs, strength: 120, hits: 30, flags: 0, decoder_id: DECODER });
    const frames = [0, 20].flatMap((lapS) => Array.from({ length: cars }, (_, i) => passing(5_000_000 + i, t0 + (lapS + i * 0.02) * 1e6)));
    frames.push(passing(5_000_000, t0 + 40e6));
    sockets.at(-1)!.write(Buffer.concat(frames));

    const practice = await waitFor('the practice board', async () => {
      const status = (await (await fetch(`${box.url}/api/races`)).json()) as { races: { race_id: string; format: string }[] };
      const race = status.races.find((r) => r.format === 'practice');
      if (!race) return undefined;
      const view = ((await (await fetch(`${box.url}/api/races/${race.race_id}`)).json()) as { race: PracticeRaceView }).race;
      return view.stats.total_laps === MAX_PRACTICE_ROWS + 1 ? view : undefined;
    }, 60_000);
    expect(practice.rows).toHaveLength(MAX_PRACTICE_ROWS);
    expect(practice.stats.off_board).toBe(2 * EXTRA);

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    const note = page.locator(`.board[data-race-id="${practice.race_id}"] .board-full`);
    await expect.poll(text(note), WAIT).toBe(`Board full at ${MAX_PRACTICE_ROWS} cars: ${2 * EXTRA} crossings of other transponders not shown.`);
    expect(await page.locator(`.board[data-race-id="${practice.race_id}"] .rows li`).count()).toBe(MAX_PRACTICE_ROWS);
    // A session's clock reads minutes and seconds, not a lap time's tenths.
    expect(await text(page.locator(`.board[data-race-id="${practice.race_id}"] .clock`))()).toMatch(/^\d+:\d\d$/);
    await page.screenshot({ path: artifactPath('scoreboard-board-full-phone.png') });
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: artifactPath('scoreboard-board-full-desktop.png') });
    expect(problems).toEqual([]);
  }, 180_000);
});
