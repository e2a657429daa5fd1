/** @module Lanes of a proposed BMX main edited on race control, in headless Chromium on a phone against a real appliance: the motos run by logged intents, the main proposed from the page, two riders' lanes swapped with the lane selects (the clash shown while both share a lane), confirmed with exactly those lanes and staged with them; an edit reset to the proposal confirms without `races`. */
import type { Page, Request } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, startBox, text, useBrowser, WAIT } from './box.ts';
import { CUP, drawCup, rider } from './meeting-fixture.ts';
import { readMeeting, rideBmx, runWhileOffered } from './meeting-intents.ts';
import { openControl, SHOTS } from './control-pages.ts';
import { section } from './meeting-page.ts';

const defer = useCleanups();
const browser = useBrowser();

const plateName = (riderId: string | null) => `${rider(riderId).plate} ${rider(riderId).name}`;
const groupOf = (page: Page, name: string) => section(page).getByRole('listitem', { name: `${name} mains` });
const laneSelect = (page: Page, name: string, riderId: string) => groupOf(page, name).getByLabel(`Lane for ${plateName(riderId)}`, { exact: true });
const isConfirm = (request: Request) => request.method() === 'POST' && request.url().endsWith('/api/control/meeting.confirm_mains');

async function propose(page: Page, name: string): Promise<void> {
  await groupOf(page, name).getByRole('button', { name: 'Propose mains' }).click();
  await expect.poll(() => groupOf(page, name).locator('select.lane-select').count(), WAIT).toBe(4);
}

/** Clicks Confirm mains and returns the body the page sent. */
async function confirm(page: Page, name: string): Promise<Record<string, unknown>> {
  const [request] = await Promise.all([page.waitForRequest(isConfirm, { timeout: WAIT.timeout }), groupOf(page, name).getByRole('button', { name: 'Confirm mains' }).click()]);
  await expect.poll(text(groupOf(page, name).locator('.race-status')), WAIT).toBe('mains confirmed');
  return request.postDataJSON() as Record<string, unknown>;
}

describe('control mains lanes', () => {
  test('control mains lanes - a proposed BMX main with two riders\' lanes swapped on the phone is confirmed and staged with exactly those lanes; an edit reset to the proposal confirms without races', async () => {
    // The simulator never reaches the staged riders here: every crossing is a hand entry, so the motos take a moment, not minutes.
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), firstCrossingSeconds: '3600,3600' });
    defer(() => box.stop());
    await control(box, 'event.setup', CUP);
    await drawCup(box);
    await runWhileOffered(box, CUP.event_id, (runId, race) => rideBmx(box, runId, race));
    const motos = await readMeeting(box, CUP.event_id);
    expect(motos.order.every((r) => r.status === 'finished' || r.status === 'skipped')).toBe(true);

    const { page, problems, desktop } = await openControl(browser(), box.url, defer);

    // Boys 13: the main proposed from the page, one lane select per rider showing the proposed lane.
    await propose(page, 'Boys 13');
    const main = (await readMeeting(box, CUP.event_id)).groups.find((g) => g.group_id === 'boys-13')!.proposed![0]!;
    expect(main.lineup.map((s) => s.lane)).toEqual([1, 2, 3, 4]);
    for (const slot of main.lineup) expect(await laneSelect(page, 'Boys 13', slot.rider_id!).inputValue()).toBe(String(slot.lane));
    expect(await groupOf(page, 'Boys 13').getByRole('button', { name: 'Reset to proposal' }).isDisabled()).toBe(true);

    // The rider in lane 1 takes lane 3: two riders in lane 3, shown at once, and nothing can be confirmed.
    const [inside, , third] = main.lineup.map((s) => s.rider_id!);
    await laneSelect(page, 'Boys 13', inside!).selectOption('3');
    const clash = groupOf(page, 'Boys 13').getByRole('alert', { name: 'Boys 13 lane clash' });
    await expect.poll(text(clash.locator('p').first()), WAIT).toBe(`Lane 3 has 2 riders: ${plateName(inside!)} and ${plateName(third!)}.`);
    expect(await groupOf(page, 'Boys 13').getByRole('button', { name: 'Confirm mains' }).isDisabled()).toBe(true);
    expect(await groupOf(page, 'Boys 13').locator('.lane-row.lane-clash').count()).toBe(2);
    await clash.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}mains-lanes-clash-phone.png` });

    // The rider from lane 3 takes lane 1: the swap is whole, the clash gone.
    await laneSelect(page, 'Boys 13', third!).selectOption('1');
    await expect.poll(() => clash.count(), WAIT).toBe(0);
    expect(await text(groupOf(page, 'Boys 13').locator('.lane-note'))()).toBe('2 riders in another lane than proposed: Confirm sends these lanes.');
    await groupOf(page, 'Boys 13').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}mains-lanes-edited-phone.png` });
    await expect.poll(() => laneSelect(desktop, 'Boys 13', inside!).count(), WAIT).toBe(1);
    await laneSelect(desktop, 'Boys 13', inside!).selectOption('3');
    await groupOf(desktop, 'Boys 13').scrollIntoViewIfNeeded();
    await desktop.screenshot({ path: `${SHOTS}mains-lanes-clash-desktop.png` });
    await laneSelect(desktop, 'Boys 13', third!).selectOption('1');
    await desktop.screenshot({ path: `${SHOTS}mains-lanes-edited-desktop.png` });

    // Confirmed: the page sends the main with the swapped lanes, and the box keeps exactly those.
    const edited = main.lineup.map((s) => ({ lane: s.rider_id === inside ? 3 : s.rider_id === third ? 1 : s.lane, rider_id: s.rider_id })).sort((a, b) => a.lane - b.lane);
    const sent = await confirm(page, 'Boys 13');
    expect(sent.races).toEqual([{ race_id: main.race_id, lineup: edited }]);
    const boys = (await readMeeting(box, CUP.event_id)).groups.find((g) => g.group_id === 'boys-13')!;
    expect([boys.proposed, boys.confirmed.map((r) => [r.race_id, r.lineup])]).toEqual([null, [[main.race_id, edited]]]);

    // Staged from the page, the main's gate has the riders in the lanes staff gave them.
    const stageNext = section(page).getByRole('button', { name: /^Stage next/ });
    await expect.poll(text(stageNext), WAIT).toBe('Stage next: Main · Boys 13');
    await stageNext.click();
    await expect.poll(async () => (await readMeeting(box, CUP.event_id)).order.find((r) => r.race_id === main.race_id)!.run_race_id, WAIT).not.toBeNull();
    const runId = (await readMeeting(box, CUP.event_id)).order.find((r) => r.race_id === main.race_id)!.run_race_id!;
    const staged = (await (await fetch(`${box.url}/api/races/${runId}`)).json()) as { race: { status: string; rows: { lane: number; rider_id: string }[] } };
    expect(staged.race.status).toBe('staged');
    expect(staged.race.rows.map((r) => ({ lane: r.lane, rider_id: r.rider_id })).sort((a, b) => a.lane - b.lane)).toEqual(edited);

    // Girls 10: a lane changed, then Reset to proposal: the selects go back, and Confirm sends no races.
    await propose(page, 'Girls 10');
    const girls = (await readMeeting(box, CUP.event_id)).groups.find((g) => g.group_id === 'girls-10')!.proposed![0]!;
    const [first, second] = girls.lineup.map((s) => s.rider_id!);
    await laneSelect(page, 'Girls 10', first!).selectOption('8');
    await expect.poll(text(groupOf(page, 'Girls 10').locator('.lane-note')), WAIT).toBe('1 rider in another lane than proposed: Confirm sends these lanes.');
    await laneSelect(page, 'Girls 10', second!).selectOption('8');
    await expect.poll(() => groupOf(page, 'Girls 10').getByRole('alert', { name: 'Girls 10 lane clash' }).count(), WAIT).toBe(1);
    await groupOf(page, 'Girls 10').getByRole('button', { name: 'Reset to proposal' }).click();
    for (const slot of girls.lineup) expect(await laneSelect(page, 'Girls 10', slot.rider_id!).inputValue()).toBe(String(slot.lane));
    expect(await groupOf(page, 'Girls 10').locator('.lane-note, .lane-clashes, .lane-moved').count()).toBe(0);
    expect(await groupOf(page, 'Girls 10').getByRole('button', { name: 'Reset to proposal' }).isDisabled()).toBe(true);
    const unchanged = await confirm(page, 'Girls 10');
    expect(unchanged).toEqual({ event_id: CUP.event_id, group_id: 'girls-10', by: 'Pat Official' });
    const confirmed = (await readMeeting(box, CUP.event_id)).groups.find((g) => g.group_id === 'girls-10')!.confirmed;
    expect(confirmed.map((r) => [r.race_id, r.lineup])).toEqual([[girls.race_id, girls.lineup]]);
    expect(problems).toEqual([]);
  }, 120_000);
});
