/** @module The scoreboard in headless Chromium at phone size, against a real appliance whose simulator races what is staged. */
import { describe, expect, test } from 'vitest';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { BMX_CLUB_DAY, control, dataDir, phonePage, startBox, text, texts, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

const BMX_EVENT = BMX_CLUB_DAY;

const RC_EVENT = {
  event_id: 'rc-club',
  name: 'RC club night',
  classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }],
  riders: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}`, name: `Driver ${i}`, plate: String(i), class_id: 'buggy', transponders: [3_100_000 + i] })),
};

const stageMoto = (raceId: string) => ({
  event_id: 'club-day',
  race_id: raceId,
  format: 'bmx',
  class_id: 'boys-13',
  name: 'Moto 1',
  round: 1,
  // Simulated riders finish 8-12 s after the gate: a shorter minimum keeps them all valid.
  min_time_ms: 3000,
  lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `r${i}`, lane: i })),
});

/** A name longer than a phone's width: it must wrap, not lose its end. */
const LONG_NAME = 'Thursday night club racing: 2WD buggy and stadium truck';

const heat = (raceId: string, name: string, round: number) => ({
  event_id: 'rc-club',
  race_id: raceId,
  format: 'timed',
  class_id: 'buggy',
  name,
  round,
  duration_ms: 5 * 60_000,
  min_lap_ms: 1000,
  lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}` })),
});

describe('scoreboard', () => {
  test('scoreboard - a phone left open across an event change shows only the new event, by class name; the name wraps; on a laptop the race on track sits beside the results', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '3,4' });
    defer(() => box.stop());
    await control(box, 'event.setup', BMX_EVENT);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('Club day');
    await expect.poll(() => page.title(), WAIT).toBe('Club day · Live timing');
    // Yesterday's moto, run to the end while the phone watched.
    await control(box, 'race.stage', stageMoto('moto-1'));
    await control(box, 'race.gate', { race_id: 'moto-1' });
    await control(box, 'race.force_finish', { race_id: 'moto-1' });
    await expect.poll(text(page.locator('.board[data-race-id="moto-1"] .badge')), WAIT).toBe('FINAL');

    await control(box, 'event.setup', { ...RC_EVENT, name: LONG_NAME });
    await expect.poll(text(page.locator('h1')), WAIT).toBe(LONG_NAME);
    expect(await page.title()).toBe(`${LONG_NAME} · Live timing`);
    await expect.poll(() => page.locator('.board').count(), WAIT).toBe(0);
    await control(box, 'race.stage', heat('heat-1', 'Heat 1', 1));
    await control(box, 'race.start', { race_id: 'heat-1' });
    const first = page.locator('.board[data-race-id="heat-1"]');
    await expect.poll(text(first.locator('.badge')), WAIT).toBe('RACING');
    expect(await text(first.locator('.board-subtitle'))()).toMatch(/^2WD Buggy · Round 1$/i);
    await control(box, 'race.force_finish', { race_id: 'heat-1' });
    await control(box, 'race.stage', heat('heat-2', 'Heat 2', 2));
    await control(box, 'race.start', { race_id: 'heat-2' });
    await expect.poll(text(page.locator('.board[data-race-id="heat-2"] .badge')), WAIT).toBe('RACING');
    // Nothing of the BMX day is left: no moto, no raw class id, no class but the buggies.
    expect(await page.locator('.board[data-race-id="moto-1"]').count()).toBe(0);
    expect(await texts(page.locator('.board-subtitle'))()).toEqual([expect.stringMatching(/^2WD Buggy · Round 2$/i), expect.stringMatching(/^2WD Buggy · Round 1$/i)]);
    expect(await page.locator('body').innerText()).not.toMatch(/boys-13/i);

    // At phone width the name wraps onto a second line and nothing is cut.
    const h1 = await page.locator('h1').evaluate((el) => ({ height: el.getBoundingClientRect().height, lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight), scroll: el.scrollWidth, client: el.clientWidth }));
    expect(h1.height).toBeGreaterThan(1.5 * h1.lineHeight);
    expect(h1.scroll).toBeLessThanOrEqual(h1.client);
    await page.screenshot({ path: artifactPath('scoreboard-meeting-phone.png'), fullPage: true });

    await page.setViewportSize({ width: 1366, height: 850 });
    const now = (await page.locator('.now').boundingBox())!;
    const results = (await page.locator('.results').boundingBox())!;
    expect(results.x).toBeGreaterThanOrEqual(now.x + now.width);
    expect(Math.abs(results.y - now.y)).toBeLessThan(40);
    expect(now.width + results.width).toBeGreaterThan(1200);
    await page.screenshot({ path: artifactPath('scoreboard-meeting-desktop.png'), fullPage: true });
    await page.getByRole('button', { name: 'Standings' }).click();
    await expect.poll(texts(page.locator('.standings h2')), WAIT).toEqual(['2WD Buggy']);
    await page.screenshot({ path: artifactPath('scoreboard-meeting-standings-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 180_000);

  test('scoreboard - shows the lanes, the gate, then every finisher with place and time while the simulator runs a BMX moto', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer), raceSeconds: '8,12' });
    defer(() => box.stop());
    await control(box, 'event.setup', BMX_EVENT);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('Club day');

    await control(box, 'race.stage', stageMoto('moto-1'));
    const board = page.locator('.board[data-race-id="moto-1"]').first();
    await expect.poll(text(board.locator('.badge')), WAIT).toBe('STAGED');
    expect(await texts(board.locator('.bmx-staged .cell-name'))()).toEqual(['Rider 1', 'Rider 2', 'Rider 3', 'Rider 4']);
    expect(await texts(board.locator('.bmx-staged .plate'))()).toEqual(['11', '12', '13', '14']);

    await expect.poll(text(board.locator('.badge')), WAIT).toBe('GATE');
    await expect.poll(text(board.locator('.clock')), WAIT).toMatch(/^\d+\.\d$/);

    await expect.poll(text(board.locator('.badge')), WAIT).toBe('FINAL');
    await expect.poll(texts(board.locator('.bmx-finished .cell-place')), WAIT).toEqual(['1', '2', '3', '4']);
    const times = await texts(board.locator('.bmx-finished .time-main'))();
    expect(times).toHaveLength(4);
    for (const time of times) expect(time).toMatch(/^\d+\.\d{3}$/);
    expect(await texts(board.locator('.bmx-finished .cell-points'))()).toEqual(['1', '2', '3', '4']);
    // Everyone behind the winner has a gap; the winner has none.
    expect((await texts(board.locator('.bmx-finished .time-sub'))()).map((gap) => gap.startsWith('+'))).toEqual([false, true, true, true]);

    await page.screenshot({ path: artifactPath('scoreboard-bmx.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  test('scoreboard - counts laps up and keeps the running order live during an RC timed heat', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '3,4' });
    defer(() => box.stop());
    await control(box, 'event.setup', RC_EVENT);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('RC club night');

    await control(box, 'race.stage', {
      event_id: 'rc-club',
      race_id: 'a-main',
      format: 'timed',
      class_id: 'buggy',
      name: 'A Main',
      duration_ms: 5 * 60_000,
      min_lap_ms: 1000,
      lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}` })),
    });
    const board = page.locator('.board[data-race-id="a-main"]').first();
    await expect.poll(text(board.locator('.badge')), WAIT).toBe('STAGED');
    await control(box, 'race.start', { race_id: 'a-main' });
    await expect.poll(text(board.locator('.badge')), WAIT).toBe('RACING');
    await expect.poll(text(board.locator('.clock')), WAIT).toMatch(/^[0-5]:\d\d$/);

    const leaderLaps = async () => Number.parseInt(await text(board.locator('.timed-row .cell-result'))(), 10) || 0;
    await expect.poll(leaderLaps, WAIT).toBeGreaterThanOrEqual(2);
    const before = await leaderLaps();
    await expect.poll(leaderLaps, WAIT).toBeGreaterThan(before);

    await expect.poll(texts(board.locator('.timed-row .cell-place')), WAIT).toEqual(['1', '2', '3', '4']);
    await expect.poll(async () => (await texts(board.locator('.timed-row .cell-result'))()).every((r) => /^\d+\/\d+:\d\d\.\d{3}$|^\d+\/\d+\.\d{3}$/.test(r)), WAIT).toBe(true);
    // The last lap flashes the row of the car that crossed.
    await expect.poll(() => board.locator('.timed-row.flash').count(), WAIT).toBe(1);
    expect(await text(board.locator('.timed-row .cell-laps'))()).toMatch(/Last \d+\.\d{3}\s*Best \d+\.\d{3}/);

    await page.screenshot({ path: artifactPath('scoreboard-timed.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);

  test('scoreboard - says it is stale while the box is away and goes live again from a fresh snapshot when it is back', async () => {
    const dir = await dataDir(defer);
    let box = await startBox({ scenario: 'bmx-motos', dataDir: dir, raceSeconds: '8,12' });
    defer(() => box.stop());
    await control(box, 'event.setup', BMX_EVENT);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('Club day');
    await expect.poll(() => page.locator('.stale').count(), WAIT).toBe(0);

    const { port } = box;
    await box.stop();
    await expect.poll(text(page.locator('.stale strong')), WAIT).toBe('STALE — not live');
    await expect.poll(text(page.locator('.stale span')), WAIT).toMatch(/Last update (just now|\d+ s ago)\./);
    await page.screenshot({ path: artifactPath('scoreboard-stale.png') });

    box = await startBox({ scenario: 'bmx-motos', dataDir: dir, port, raceSeconds: '8,12' });
    await expect.poll(() => page.locator('.stale').count(), WAIT).toBe(0);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('Club day');
    // Live again: a moto staged after the outage shows up without a reload.
    await control(box, 'race.stage', stageMoto('after-outage'));
    await expect.poll(text(page.locator('.board[data-race-id="after-outage"] .badge')), WAIT).toBe('STAGED');
    expect(problems).toEqual([]);
  }, 120_000);
});
