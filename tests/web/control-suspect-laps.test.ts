/** @module Race control's suspect laps in headless Chromium at phone size, against a real appliance fed by a loopback P3 decoder: a stray read and a missed read listed with driver, lap and time, the stray confirmed from the page; the crossings folded. */
import type net from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { encodeRecord, TOR } from '../../shared/p3/index.ts';
import type { RaceDetail } from '../../shared/race/index.ts';
import { artifactPath, useCleanups, waitFor } from '../harness/index.ts';
import { startDecoderServer } from '../appliance/decoder/helpers.ts';
import { control, dataDir, phonePage, startBox, text, texts, TOKEN, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

const DECODER = 0x61234;
const OFFSET_US = 2_000_000_000;
const KIM = 3_300_001;
const LEE = 3_300_002;

async function openControl(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/control/`);
  await page.getByLabel('PIN').fill(TOKEN);
  await page.getByLabel('Name', { exact: true }).fill('Pat Referee');
  await page.getByRole('button', { name: 'Use' }).click();
}

describe('control suspect laps', () => {
  test('control suspect laps - a stray read and a missed read are listed with driver, lap and time; the stray is confirmed from the page', async () => {
    const sockets: net.Socket[] = [];
    const decoder = await startDecoderServer((socket) => sockets.push(socket));
    defer(() => decoder.close());
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${decoder.port}` } });
    defer(() => box.stop());
    await control(box, 'event.setup', {
      event_id: 'practice-night',
      name: 'Practice night',
      riders: [{ rider_id: 'kim', name: 'Kim Lee', plate: '7', transponders: [KIM] }, { rider_id: 'lee', name: 'Lee Kim', plate: '8', transponders: [LEE] }],
      decoders: [{ decoder_id: DECODER, role: 'lap', clock_offset_us: OFFSET_US }],
    });
    await control(box, 'race.stage', { event_id: 'practice-night', race_id: 'p1', format: 'practice' });
    await control(box, 'race.start', { race_id: 'p1' });
    const detail = async () => (await (await fetch(`${box.url}/api/races/p1`)).json()) as RaceDetail;
    const start = (await detail()).race.started_at_us!;

    // The real session's stray read (a 6.4 s "lap" after 38.2 s), then an 80 s lap: a missed crossing.
    const crossings: [number, number][] = [];
    let at = 3;
    crossings.push([at, KIM]);
    for (const lap of [40.3, 39.9, 40.6, 40.1, 38.2, 6.4, 40.0, 40.4, 80.0]) crossings.push([(at = Math.round((at + lap) * 10) / 10), KIM]);
    for (let lap = 0; lap <= 9; lap++) crossings.push([5 + lap * 37.5, LEE]);
    crossings.sort((a, b) => a[0] - b[0]);
    await waitFor('decoder connected', () => sockets.length > 0, 30_000);
    sockets.at(-1)!.write(Buffer.concat(crossings.map(([s, transponder], i) =>
      encodeRecord({ type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: i + 1, transponder, rtc_time_us: start + OFFSET_US + Math.round(s * 1e6), strength: 100, hits: 20, flags: 0, decoder_id: DECODER }),
    )));
    await waitFor('every crossing seen', async () => (await detail()).passings.length === crossings.length, 30_000);

    const { page, problems } = await phonePage(browser(), defer);
    await openControl(page, box.url);
    const panel = page.getByRole('region', { name: 'corrections' });
    const suspects = panel.getByRole('list', { name: 'suspect laps' });
    await expect.poll(texts(suspects.locator('.crossing-who')), WAIT).toEqual([
      'Kim Lee · lap 6\nat 3:28.500 · too short, not counted: a stray read? Confirm it or ignore the crossing',
      'Kim Lee · lap 8\nat 6:08.900 · too long: a missed crossing? Add it below',
    ]);
    expect(await texts(suspects.locator('.crossing-time'))()).toEqual(['6.400', '1:20.000']);
    expect(await text(panel.locator('.suspect-fold summary'))()).toBe('Suspect laps (2)');
    // The crossings are folded, with their count, so the phone page stays short.
    expect(await text(panel.locator('.crossings-fold summary'))()).toBe(`Crossings (${crossings.length})`);
    expect(await panel.locator('.crossings-fold').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await panel.getByRole('list', { name: 'crossings' }).isVisible()).toBe(false);
    expect(await suspects.locator('.suspect-missed').getByRole('button').count()).toBe(0);
    await panel.screenshot({ path: artifactPath('control-suspect-laps.png') });

    await suspects.locator('.suspect-short').getByRole('button', { name: 'Confirm' }).click();
    await suspects.getByLabel('reason to confirm lap 6 of Kim Lee').fill('car cut the chicane, marshal saw it');
    await suspects.locator('.suspect-short').getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(text(panel.locator('.feedback')), WAIT).toBe('Lap 6 of Kim Lee confirmed.');
    const confirmed = (await detail()).laps.kim!.find((l) => l.lap === 6)!;
    expect(confirmed).toMatchObject({ lap_ms: 6_400, confirmed: true, suspect_short: false });
    expect((await detail()).race.corrections).toEqual([expect.objectContaining({ kind: 'confirm', rider_id: 'kim', by: 'Pat Referee', reason: 'car cut the chicane, marshal saw it' })]);
    await expect.poll(() => suspects.locator('.suspect-short').count(), WAIT).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);
});
