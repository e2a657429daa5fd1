/** @module The scoreboard's "now and next" of a race meeting in headless Chromium against a real appliance: no strip without a meeting; the moto at the gate and the next two with lanes, plates and riders; the strip moves on as motos finish and are staged. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useCleanups, waitFor } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, useBrowser, WAIT } from './box.ts';
import { CUP, drawCup, meetingOrder, rider, type MeetingRace } from './meeting-fixture.ts';

const defer = useCleanups();
const browser = useBrowser();

const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/** Each match's text on one line, however the phone wraps it. */
const oneLine = async (locator: Locator) => (await locator.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
/** Lane, plate and name of each lineup row, as a spectator reads them across. */
const slots = (card: Locator) => card.locator('.nn-slot').evaluateAll((rows) => rows.map((row) => Array.from(row.children).map((c) => c.textContent!.trim()).join(' ')));
const lineupText = (race: MeetingRace) => race.lineup.map((s) => `${s.lane} ${rider(s.rider_id).plate} ${rider(s.rider_id).name}`);
const classOf = (race: MeetingRace) => CUP.classes.find((c) => c.class_id === race.class_ids[0])!.name;

describe('scoreboard now and next', () => {
  test('scoreboard now and next - no strip without a meeting; the staged moto and the next two with their lanes; the strip moves on when the moto finishes and the next is staged', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer), raceSeconds: '4,5' });
    defer(() => box.stop());
    await control(box, 'event.setup', CUP);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/`);
    await expect.poll(() => page.locator('h1').innerText(), WAIT).toBe('Club cup');
    const strip = page.getByRole('region', { name: 'now and next' });
    const cards = strip.locator('.nn-race');
    expect(await strip.count()).toBe(0);

    const order = await drawCup(box);
    expect(order.map((r) => r.name)).toEqual(['Moto 1', 'Moto 2', 'Moto 3', 'Moto 4', 'Moto 5', 'Moto 6']);
    await control(box, 'meeting.stage_next', { event_id: CUP.event_id });
    const titles = async () => oneLine(cards.locator('.nn-title'));
    await expect.poll(titles, WAIT).toEqual([`Moto 1 ${classOf(order[0]!)}`, `Moto 2 ${classOf(order[1]!)}`, `Moto 3 ${classOf(order[2]!)}`]);
    expect(await oneLine(cards.first().locator('.nn-label'))).toEqual([expect.stringMatching(/^(At the gate|On track)$/)]);
    expect(await slots(cards.nth(1))).toEqual(lineupText(order[1]!));
    expect(await slots(cards.nth(2))).toEqual(lineupText(order[2]!));
    // Girls 10 rides moto 2: a name with markup characters reads as typed.
    expect(await oneLine(cards.nth(1).locator('.nn-name'))).toContain(rider('g2').name);
    expect(await strip.getByRole('link', { name: 'Print moto sheet' }).getAttribute('href')).toBe('/results/events/club-cup/motos');
    await page.screenshot({ path: `${SHOTS}scoreboard-now-next-phone.png`, fullPage: true });

    await waitFor('moto 1 finished', async () => (await meetingOrder(box))[0]!.status === 'finished', 60_000);
    await control(box, 'meeting.stage_next', { event_id: CUP.event_id });
    // 1-1-1 transfers: moto 1's winner is out of the later motos, so the lineups are read again.
    const later = await meetingOrder(box);
    await expect.poll(titles, WAIT).toEqual([`Moto 2 ${classOf(order[1]!)}`, `Moto 3 ${classOf(order[2]!)}`, `Moto 4 ${classOf(order[3]!)}`]);
    expect(await slots(cards.nth(1))).toEqual(lineupText(later[2]!));
    expect(await slots(cards.nth(2))).toEqual(lineupText(later[3]!));
    expect(later[2]!.lineup.length).toBe(3);
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: `${SHOTS}scoreboard-now-next-desktop.png` });
    expect(problems).toEqual([]);
  });
});
