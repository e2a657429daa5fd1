/** @module Race control over a whole meeting, in headless Chromium against a real appliance: the event picker and a new event, the event in progress on a reload and a second phone, classes and formats from the event, race names staff read, the PIN checked as typed, and a page that stays short. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { artifactPath, useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, texts, TOKEN, useBrowser, WAIT } from './box.ts';

const defer = useCleanups();
const browser = useBrowser();

const BMX_DAY = {
  event_id: 'bmx-day',
  name: 'Club BMX day',
  date: '2026-12-03',
  classes: [{ class_id: 'boys-13', name: 'Boys 13', format: 'bmx' }],
  riders: [1, 2, 3, 4].map((i) => ({ rider_id: `r${i}`, name: `Rider ${i}`, plate: String(10 + i), class_id: 'boys-13', transponders: [201_000_000 + i] })),
};

const RC_NIGHT = {
  event_id: 'rc-night',
  name: 'Thursday RC night',
  date: '2026-12-04',
  classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }, { class_id: 'truck', name: 'Stadium Truck' }],
  riders: [1, 2, 3, 4].map((i) => ({ rider_id: `d${i}`, name: `Driver ${i}`, plate: String(i), class_id: 'buggy', transponders: [3_100_000 + i] })),
};

/** Yesterday's moto, run to the end. */
async function runMoto(box: Parameters<typeof control>[0]): Promise<void> {
  await control(box, 'race.stage', { event_id: 'bmx-day', race_id: 'bmx-m1', format: 'bmx', class_id: 'boys-13', name: 'Moto 1', round: 1, lineup: [1, 2].map((i) => ({ rider_id: `r${i}`, lane: i })) });
  await control(box, 'race.gate', { race_id: 'bmx-m1' });
  await control(box, 'race.force_finish', { race_id: 'bmx-m1' });
}

async function logIn(page: Page, pin: string): Promise<void> {
  await page.getByLabel('PIN').fill(pin);
  await page.getByLabel('Name', { exact: true }).fill('Pat Official');
  await page.getByRole('button', { name: 'Use' }).click();
}

const picker = (page: Page) => page.getByLabel('Event', { exact: true });
const pickedValue = (page: Page) => () => picker(page).inputValue().catch(() => '');
const stageField = (page: Page, label: string) => () => page.getByRole('region', { name: 'stage a race' }).getByLabel(label).first().inputValue().catch(() => '');

describe('control meeting', () => {
  test('control meeting - opens on the event set up last, not the one with the newest race; a reload and a second phone land there; the picker switches; New event opens an empty form', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', BMX_DAY);
    await runMoto(box);
    await control(box, 'event.setup', RC_NIGHT);

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page, TOKEN);
    await expect.poll(pickedValue(page), WAIT).toBe('rc-night');
    expect(await picker(page).locator('option').allInnerTexts()).toEqual(['Thursday RC night · 2026-12-04 (in progress)', 'Club BMX day · 2026-12-03']);
    // The RC night's own classes, its buggies timed, and a name people read.
    await expect.poll(stageField(page, 'Class'), WAIT).toBe('buggy');
    expect(await stageField(page, 'Format')()).toBe('timed');
    expect(await stageField(page, 'Race name')()).toBe('Heat 1');
    expect(await page.getByRole('region', { name: 'stage a race' }).getByLabel('Class').locator('option').allInnerTexts()).toEqual(['2WD Buggy', 'Stadium Truck', 'No class (open)']);
    await expect.poll(() => page.title(), WAIT).toBe('Thursday RC night · Race control');

    await page.reload();
    await expect.poll(pickedValue(page), WAIT).toBe('rc-night');
    const { page: second } = await phonePage(browser(), defer);
    await second.goto(`${box.url}/control/`);
    await expect.poll(pickedValue(second), WAIT).toBe('rc-night');
    // A third phone is halfway through editing tonight's entries: it stays on them whatever else is set up.
    const { page: editing } = await phonePage(browser(), defer);
    await editing.goto(`${box.url}/control/`);
    await expect.poll(pickedValue(editing), WAIT).toBe('rc-night');
    await editing.getByRole('group', { name: 'event setup' }).locator('summary.panel-head').click();
    await editing.getByRole('group', { name: 'event setup' }).getByLabel('Event name').fill('Thursday RC night, round 4');

    // Back to yesterday's event: its class, BMX, and the moto after the one it ran.
    await picker(page).selectOption('bmx-day');
    await expect.poll(stageField(page, 'Class'), WAIT).toBe('boys-13');
    expect(await stageField(page, 'Format')()).toBe('bmx');
    await expect.poll(stageField(page, 'Race name'), WAIT).toBe('Moto 2');
    expect(await stageField(page, 'Round')()).toBe('2');
    await expect.poll(texts(page.getByLabel('race shown').locator('option')), WAIT).toEqual(['Follow the race on track', 'Boys 13 · Moto 1 · final']);
    await expect.poll(text(page.locator('.notice-inline')), WAIT).toMatch(/^Thursday RC night is in progress\./);
    await page.screenshot({ path: artifactPath('control-meeting-picked-phone.png') });

    await page.getByRole('button', { name: 'New event' }).click();
    const form = page.getByRole('group', { name: 'event setup' });
    expect(await form.getByLabel('Event id').inputValue()).toBe('');
    expect(await form.getByLabel('Event name').inputValue()).toBe('');
    expect(await form.locator('legend').allInnerTexts()).toEqual(['Classes (0)', 'Riders (0)', 'Decoders (0)']);
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: artifactPath('control-meeting-new-event-desktop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    // The id follows the name and date until staff type their own.
    await form.getByLabel('Event name').fill('Saturday open practice');
    await form.getByLabel('Date').fill('2026-12-05');
    expect(await form.getByLabel('Event id').inputValue()).toBe('saturday-open-practice-2026-12-05');
    await form.getByLabel('Event id').fill('sat-open');
    await form.getByLabel('Event name').fill('Saturday open');
    expect(await form.getByLabel('Event id').inputValue()).toBe('sat-open');
    await form.getByRole('button', { name: 'Save event' }).click();
    await expect.poll(pickedValue(page), WAIT).toBe('sat-open');
    await expect.poll(() => picker(page).locator('option').count(), WAIT).toBe(3);
    // The phone that follows the event in progress moves to the new one by itself, and lands there after a reload.
    await expect.poll(pickedValue(second), WAIT).toBe('sat-open');
    await expect.poll(text(editing.locator('.notice-inline')), WAIT).toMatch(/^Saturday open is in progress\./);
    expect(await pickedValue(editing)()).toBe('rc-night');
    expect(await editing.getByRole('group', { name: 'event setup' }).getByLabel('Event name').inputValue()).toBe('Thursday RC night, round 4');
    await second.reload();
    await expect.poll(pickedValue(second), WAIT).toBe('sat-open');
    expect(problems).toEqual([]);
  }, 180_000);

  test('control meeting - a wrong PIN is refused as it is entered, before any race is touched; the right one is taken', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', BMX_DAY);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page, '999999');
    await expect.poll(text(page.locator('.login-problem')), WAIT).toBe('Wrong PIN: check the operator PIN and try again.');
    expect(await page.locator('.login-done').count()).toBe(0);
    await page.getByLabel('PIN').fill(TOKEN);
    await page.getByRole('button', { name: 'Use' }).click();
    await expect.poll(text(page.locator('.login-done b')), WAIT).toBe('Pat Official');
    expect(await page.locator('.login-problem').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 120_000);

  test('control meeting - after a timed heat the phone page stays under three screens, the next heat is proposed, and success lines go', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '3,4' });
    defer(() => box.stop());
    await control(box, 'event.setup', RC_NIGHT);
    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page, TOKEN);
    const stage = page.getByRole('region', { name: 'stage a race' });
    await expect.poll(stageField(page, 'Race name'), WAIT).toBe('Heat 1');
    await stage.getByLabel('Min lap (s)').fill('1');
    await stage.getByRole('button', { name: 'Pick all 4' }).click();
    expect(await stage.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual([true, true, true, true]);
    await stage.getByRole('button', { name: 'Stage timed race' }).click();
    await expect.poll(text(stage.locator('.feedback')), WAIT).toBe('Staged Heat 1.');

    const race = page.getByRole('region', { name: 'current race' });
    await expect.poll(text(race.locator('.board-title h2')), WAIT).toBe('Heat 1');
    await race.getByRole('button', { name: 'Start' }).click();
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('RACING');
    const leaderLaps = async () => Number.parseInt(await text(race.locator('.timed-row:not(.row-head) .cell-result'))(), 10) || 0;
    await expect.poll(leaderLaps, WAIT).toBeGreaterThanOrEqual(3);
    await race.getByRole('button', { name: 'Force finish' }).click();
    await expect.poll(text(race.locator('.badge')), WAIT).toBe('FINAL');
    await expect.poll(stageField(page, 'Race name'), WAIT).toBe('Heat 2');
    // The success lines of the stage and the start go after a few seconds.
    await expect.poll(() => page.locator('.feedback-ok').count(), WAIT).toBe(0);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifactPath('control-meeting-heat-phone.png'), fullPage: true });
    // Three screens of a 844 px phone: the race with its board, staging, corrections and two folded panels.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height).toBeLessThan(3 * 844);
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: artifactPath('control-meeting-heat-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 180_000);
});
