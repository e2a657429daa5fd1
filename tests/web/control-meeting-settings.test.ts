/** @module Race control's meeting setup with More settings, in headless Chromium on a phone against a real appliance: folded by default, a range refused in the form before anything is sent, then gate size, two classes combined, race times in seconds, one transfer-table row, and the RC settings, as the box's meeting shows them. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { USA_BMX_TRANSFERS } from '../../shared/race/meeting/bmx-format.ts';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, useBrowser, WAIT } from './box.ts';
import { CUP } from './meeting-fixture.ts';
import { logIn, section, sectionHead } from './meeting-page.ts';

const defer = useCleanups();
const browser = useBrowser();

const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/** The cup's two BMX classes of four, and a buggy class timed on the same day. */
const MIXED = {
  ...CUP,
  classes: [...CUP.classes, { class_id: 'buggy', name: '2WD Buggy', format: 'timed' }],
  riders: [...CUP.riders, ...[1, 2, 3].map((i) => ({ rider_id: `d${i}`, name: `Driver ${i}`, plate: String(i), class_id: 'buggy', transponders: [3_100_000 + i] }))],
};

interface Setup {
  bmx: Record<string, unknown> | null;
  rc: { classes: Record<string, unknown>[] } | null;
}

type Box = Parameters<typeof control>[0];

async function meetingSetup(box: Box): Promise<{ status: number; setup: Setup | null }> {
  const response = await fetch(`${box.url}/api/events/${MIXED.event_id}/meeting`);
  const body = (await response.json()) as { meeting?: { setup: Setup } };
  return { status: response.status, setup: body.meeting?.setup ?? null };
}

const form = (page: Page) => section(page).getByRole('form', { name: 'meeting setup' });
const more = (page: Page) => form(page).locator('details.more-settings');
const isOpen = (page: Page) => more(page).evaluate((d) => (d as HTMLDetailsElement).open);

async function shoot(page: Page, name: string, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  await section(page).scrollIntoViewIfNeeded();
  await section(page).screenshot({ path: `${SHOTS}${name}` });
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 850 };

describe('control meeting settings', () => {
  test('control meeting settings - More settings is folded; opened, gate size, a combined pair, race times in seconds, an edited transfer row and the RC figures reach the box as typed', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer) });
    defer(() => box.stop());
    await control(box, 'event.setup', MIXED);

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page);
    await expect.poll(text(section(page).locator('summary .fold-note')), WAIT).toBe('not set up');
    await sectionHead(page).click();
    await expect.poll(() => form(page).getByLabel('2WD Buggy format').inputValue().catch(() => ''), WAIT).toBe('rc:best_round');
    expect(await isOpen(page)).toBe(false);
    await shoot(page, 'meeting-settings-closed-phone.png', PHONE);
    await shoot(page, 'meeting-settings-closed-desktop.png', DESKTOP);

    await more(page).locator('summary').click();
    expect(await isOpen(page)).toBe(true);
    const eight = USA_BMX_TRANSFERS.findIndex((row) => row.min === 8 && row.max === 8) + 1;
    // The box's own table, pre-filled: the 8-rider row reads 2-2-3.
    expect(await Promise.all([1, 2, 3].map((m) => form(page).getByLabel(`Row ${eight} moto ${m}`).inputValue()))).toEqual(USA_BMX_TRANSFERS[eight - 1]!.code!.map(String));
    await shoot(page, 'meeting-settings-open-desktop.png', DESKTOP);
    await shoot(page, 'meeting-settings-open-phone.png', PHONE);

    await form(page).getByLabel('Gate size (lanes)').fill('6');
    await form(page).getByLabel('Boys 13 combined with').selectOption('A');
    await form(page).getByLabel('Girls 10 combined with').selectOption('A');
    await form(page).getByLabel('Min race time (s)').fill('2.5');
    await form(page).getByLabel('Max race time (s)').fill('1');
    for (const [m, count] of [[1, '3'], [2, '3'], [3, '2']] as const) await form(page).getByLabel(`Row ${eight} moto ${m}`).fill(count);
    await form(page).getByLabel('2WD Buggy format').selectOption('rc:round_points');
    await form(page).getByLabel('Heat size (cars)').fill('6');
    await form(page).getByLabel('Qualifying heat (min)').fill('4');
    await form(page).getByLabel('Main length (min)').fill('7:30');
    await form(page).getByLabel('Min lap (s)').fill('3.5');
    await form(page).getByLabel('Rounds that count').fill('3');
    await form(page).getByLabel('A-mains run').fill('3');
    await form(page).getByLabel('A-mains that count').fill('2');

    // A max race time under the min is named in the form, and nothing reaches the box.
    await form(page).getByRole('button', { name: 'Set up meeting' }).click();
    await expect.poll(text(form(page).locator('.feedback-error')), WAIT).toBe('Max race time: 5 to 3600 seconds');
    expect((await meetingSetup(box)).status).toBe(404);
    await form(page).getByLabel('Max race time (s)').fill('90');
    await shoot(page, 'meeting-settings-filled-phone.png', PHONE);
    await form(page).locator('.transfer-editor').screenshot({ path: `${SHOTS}meeting-settings-transfers-phone.png` });
    await form(page).getByRole('button', { name: 'Set up meeting' }).click();

    await expect.poll(async () => (await meetingSetup(box)).status, WAIT).toBe(200);
    const { setup } = await meetingSetup(box);
    expect(setup?.bmx).toEqual({
      rounds: 3,
      gate_size: 6,
      combine: [['boys-13', 'girls-10']],
      min_time_ms: 2500,
      max_time_ms: 90_000,
      transfer_table: USA_BMX_TRANSFERS.map((row, i) => (i === eight - 1 ? { ...row, code: [3, 3, 2] } : row)),
      lane_preference: null,
      classes: [{ class_id: 'boys-13', format: 'transfer', advance: null }, { class_id: 'girls-10', format: 'transfer', advance: null }],
    });
    expect(setup?.rc?.classes).toEqual([
      {
        class_id: 'buggy',
        qualifying_rounds: 3,
        heat_size: 6,
        ranking: { kind: 'round_points', count: 3, first: 100 },
        main_size: 10,
        bumps: 0,
        a_mains: { legs: 3, count: 2 },
        qualifying_ms: 240_000,
        main_ms: 450_000,
        min_lap_ms: 3500,
      },
    ]);
    expect(problems).toEqual([]);
  }, 180_000);
});
