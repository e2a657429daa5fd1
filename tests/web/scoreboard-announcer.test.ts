/** @module The scoreboard's announcer in headless Chromium against a real appliance and its simulator: turned on by a tap, remembered, speaking the gate, the podium, a heat's start, best laps and winner, and nothing from a reload's snapshot. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { RaceDetail, TimedRow } from '../../shared/race/views.ts';
import { spokenLap } from '../../web/scoreboard/announcer-phrases.ts';
import { GAP_MS } from '../../web/scoreboard/announcer-queue.ts';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, texts, useBrowser, WAIT } from './box.ts';
import { recordSpeech, said, saidWithTimes, turnOn } from './speech.ts';

const defer = useCleanups();
const browser = useBrowser();

describe('scoreboard announcer', () => {
  test('scoreboard announcer - off by default; a tap turns it on with a test phrase; it calls the gate and the podium of a simulated moto; the choice survives a reload, which re-announces nothing', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer), raceSeconds: '8,12' });
    defer(() => box.stop());
    await control(box, 'event.setup', {
      event_id: 'club-day',
      name: 'Club day',
      classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }],
      riders: [1, 2, 3, 4].map((i) => ({ rider_id: `r${i}`, name: `Rider ${i}`, plate: String(10 + i), class_id: 'boys-13', transponders: [201_000_000 + i] })),
    });
    const { page, problems } = await phonePage(browser(), defer);
    await recordSpeech(page);
    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('Club day');
    await page.screenshot({ path: artifactPath('scoreboard-announcer-off-phone.png') });
    await turnOn(page);
    await page.screenshot({ path: artifactPath('scoreboard-announcer-phone.png'), fullPage: true });

    await control(box, 'race.stage', {
      event_id: 'club-day', race_id: 'moto-12', format: 'bmx', class_id: 'boys-13', name: 'Moto 12', round: 1, min_time_ms: 3000,
      lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `r${i}`, lane: i })),
    });
    const board = page.locator('.board[data-race-id="moto-12"]').first();
    await expect.poll(said(page), WAIT).toContain('Moto 12, gate is down');
    await expect.poll(text(board.locator('.badge')), WAIT).toBe('FINAL');
    // The podium as the board shows it: places, plates and names in finishing order.
    const names = await texts(board.locator('.bmx-finished .cell-name'))();
    const plates = await texts(board.locator('.bmx-finished .plate'))();
    const podium = ['first', 'second', 'third'].map((place, i) => `${place}, plate ${plates[i]}, ${names[i]}`).join('; ');
    await expect.poll(said(page), WAIT).toEqual(['Announcer on', 'Moto 12, gate is down', `Moto 12: ${podium}`]);
    const times = (await saidWithTimes(page)).map((s) => s.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(GAP_MS - 50);

    await page.reload();
    await expect.poll(text(board.locator('.badge')), WAIT).toBe('FINAL');
    expect(await page.getByRole('button', { name: /announcer/i }).getAttribute('aria-pressed')).toBe('true');
    // The snapshot after the reload holds a finished moto: history, not news.
    await page.waitForTimeout(1500);
    expect(await said(page)()).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);

  test('scoreboard announcer - a simulated RC heat: its start, race best laps that were really driven, none slower than the last, never closer together than the gap, then the winner the box ranks first', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '3,4' });
    defer(() => box.stop());
    await control(box, 'event.setup', {
      event_id: 'rc-club',
      name: 'RC club night',
      classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }],
      riders: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}`, name: `Driver ${i}`, plate: String(i), class_id: 'buggy', transponders: [3_100_000 + i] })),
    });
    const { page, problems } = await phonePage(browser(), defer);
    await recordSpeech(page);
    await page.goto(`${box.url}/`);
    await expect.poll(text(page.locator('h1')), WAIT).toBe('RC club night');
    await turnOn(page);

    await control(box, 'race.stage', {
      event_id: 'rc-club', race_id: 'heat-1', format: 'timed', class_id: 'buggy', name: 'Heat 1', round: 1, duration_ms: 5 * 60_000, min_lap_ms: 1000,
      lineup: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}` })),
    });
    await control(box, 'race.start', { race_id: 'heat-1' });
    await expect.poll(said(page), WAIT).toContain('Heat 1 has started');
    const bestLaps = () => said(page)().then((all) => all.filter((t) => /^Car \d, best lap /.test(t)));
    await expect.poll(() => bestLaps().then((b) => b.length), WAIT).toBeGreaterThanOrEqual(1);
    // A second call needs a lap faster than every lap before it, which after the first few laps comes
    // about once in as many laps as have been driven: it is waited for a while, never required.
    const secondBy = Date.now() + 30_000;
    while ((await bestLaps()).length < 2 && Date.now() < secondBy) await page.waitForTimeout(500);
    await control(box, 'race.force_finish', { race_id: 'heat-1' });

    const detail = (await (await fetch(`${box.url}/api/races/heat-1`)).json()) as RaceDetail;
    const rows = detail.race.rows as TimedRow[];
    const winner = rows.find((r) => r.position === 1)!;
    await expect.poll(said(page), WAIT).toContain(`Heat 1: winner, car ${winner.plate}, ${winner.name}, ${winner.laps} laps`);

    const spoken = await saidWithTimes(page);
    const heat = spoken.slice(spoken.findIndex((s) => s.text === 'Heat 1 has started'));
    for (let i = 1; i < heat.length; i++) expect(heat[i]!.at - heat[i - 1]!.at).toBeGreaterThanOrEqual(GAP_MS - 50);
    // Every call is a lap that car really drove, to the tenth, and none is slower than the one called before (tenths can tie).
    const driven = new Set(rows.flatMap((row) => (detail.laps[row.rider_id] ?? []).filter((l) => l.lap > 0 && !l.rejected).map((l) => `Car ${row.plate}, best lap ${spokenLap(l.lap_ms)}`)));
    const calls = heat.map((s) => s.text).filter((t) => t.includes('best lap'));
    expect(calls.filter((t) => !driven.has(t))).toEqual([]);
    const tenths = calls.map((t) => Number(/best lap (\d+\.\d)$/.exec(t)![1]));
    for (let i = 1; i < tenths.length; i++) expect(tenths[i]).toBeLessThanOrEqual(tenths[i - 1]!);
    const best = Math.min(...rows.map((r) => r.best_lap_ms ?? Infinity));
    expect(tenths.at(-1)).toBeGreaterThanOrEqual(Math.trunc(best / 100) / 10);
    expect(problems).toEqual([]);
  }, 150_000);
});
