/** @module Running a whole BMX meeting from race control, in headless Chromium on a phone against a real appliance: set up, draw, the moto sheet, now and next, Stage next with the sheet's lanes, mains proposed and confirmed, and the warning after a correction. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, texts, useBrowser, WAIT } from './box.ts';
import { logIn, oneLine, raceRow, section } from './meeting-page.ts';
import { CUP, rider } from './meeting-fixture.ts';

const defer = useCleanups();
const browser = useBrowser();

const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

interface Meeting {
  order: { race_id: string; name: string; status: string; round: number | null; class_ids: string[]; run_race_id: string | null; lineup: { lane: number; rider_id: string | null }[] }[];
  groups: { group_id: string; warning: unknown[]; proposed: { name: string; lineup: { lane: number; rider_id: string | null }[] }[] | null; confirmed: { race_id: string; lineup: { rider_id: string | null }[] }[] }[];
}

type Box = Parameters<typeof control>[0];

async function meeting(box: Box): Promise<Meeting> {
  const response = await fetch(`${box.url}/api/events/club-cup/meeting`);
  return ((await response.json()) as { meeting: Meeting }).meeting;
}

const plateName = (riderId: string | null) => `${rider(riderId).plate} ${rider(riderId).name}`;

describe('control meeting run', () => {
  test('control meeting run - set up and draw from race control, the sheet folded by round, Stage next with the sheet\'s lanes, mains proposed and confirmed, the warning after a correction', async () => {
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer), raceSeconds: '11,12' });
    defer(() => box.stop());
    await control(box, 'event.setup', CUP);

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page);

    // No meeting yet: folded; opened, the setup form, each BMX class on the transfer table.
    await expect.poll(text(section(page).locator('summary .fold-note')), WAIT).toBe('not set up');
    await section(page).locator('summary').click();
    const setup = section(page).getByRole('form', { name: 'meeting setup' });
    await expect.poll(() => setup.getByLabel('Boys 13 format').inputValue().catch(() => ''), WAIT).toBe('bmx:transfer');
    expect(await setup.getByLabel('Girls 10 format').inputValue()).toBe('bmx:transfer');
    await setup.getByRole('button', { name: 'Set up meeting' }).click();
    await section(page).getByRole('button', { name: 'Draw motos' }).click();

    // The moto sheet: round 1 open with both classes' motos and their lanes, later rounds folded.
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 0/2 run', 'Round 2 · 0/2 run', 'Round 3 · 0/2 run']);
    const drawn = await meeting(box);
    const moto1 = drawn.order[0]!;
    expect(drawn.order.map((r) => r.name)).toEqual(['Moto 1', 'Moto 2', 'Moto 3', 'Moto 4', 'Moto 5', 'Moto 6']);
    const lanes = moto1.lineup.map((s) => `Lane ${s.lane} ${plateName(s.rider_id)}`);
    expect(await oneLine(raceRow(page, moto1.race_id).locator('.meeting-lineup li'))).toEqual(lanes);
    expect(await section(page).getByRole('link', { name: 'Print moto sheet' }).getAttribute('href')).toBe('/results/events/club-cup/motos');
    await page.screenshot({ path: `${SHOTS}meeting-sheet-phone.png`, fullPage: true });
    expect((await oneLine(raceRow(page, moto1.race_id).locator('.meeting-race-head')))[0]).toMatch(/^Moto 1 (Boys 13|Girls 10) waiting$/);
    expect(await section(page).locator('.sheet-round').evaluateAll((folds) => folds.map((f) => (f as HTMLDetailsElement).open))).toEqual([true, false, false]);
    await page.screenshot({ path: `${SHOTS}meeting-sheet-phone.png`, fullPage: true });

    // Now and next: Moto 1 up with its lanes, then Moto 2 and 3.
    const now = section(page).getByLabel('now and next');
    expect(await texts(now.locator('.now-line > b'))()).toEqual(['Moto 1', 'Moto 2', 'Moto 3']);
    await section(page).getByRole('button', { name: 'Stage next: Moto 1' }).click();
    await expect.poll(text(now.locator('.now-line').first()), WAIT).toMatch(/^(At the gate|On track) Moto 1/);
    await expect.poll(text(raceRow(page, moto1.race_id).locator('.race-status')), WAIT).toMatch(/^(staged|running|finished)$/);
    // The race the box staged rides the sheet's lanes.
    const staged = (await (await fetch(`${box.url}/api/races/${moto1.race_id}`)).json()) as { race: { name: string; rows: { lane: number; rider_id: string }[] } };
    expect([staged.race.name, staged.race.rows.map((r) => `Lane ${r.lane} ${plateName(r.rider_id)}`).sort()]).toEqual(['Moto 1', [...lanes].sort()]);
    await page.screenshot({ path: `${SHOTS}meeting-now-next-phone.png` });

    // The simulator rides each moto (past the default 10 s minimum time); the rest are staged by intent as they finish.
    for (const [i, moto] of drawn.order.entries()) {
      if (i > 0) await control(box, 'meeting.stage_next', { event_id: 'club-cup' });
      await expect.poll(async () => (await meeting(box)).order.find((r) => r.race_id === moto.race_id)!.status, WAIT).toMatch(/^(finished|skipped)$/);
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 2/2 run', 'Round 2 · 2/2 run', 'Round 3 · 2/2 run']);

    // Mains for Boys 13: proposed with who rides where, then confirmed into the running order.
    const boys = section(page).getByRole('listitem', { name: 'Boys 13 mains' });
    await boys.getByRole('button', { name: 'Propose mains' }).click();
    const proposal = boys.getByLabel('Boys 13 proposal');
    await expect.poll(() => proposal.locator('.meeting-lineup li').count(), WAIT).toBeGreaterThan(0);
    const proposed = (await meeting(box)).groups.find((g) => g.group_id === 'boys-13')!.proposed!;
    expect(proposed.map((r) => r.name)).toEqual(['Main']);
    expect(await text(proposal.locator('b'))()).toBe('Main');
    expect(await oneLine(proposal.locator('.meeting-lineup li'))).toEqual(proposed[0]!.lineup.map((s) => `Lane ${s.lane} ${plateName(s.rider_id)}`));
    await page.screenshot({ path: `${SHOTS}meeting-mains-proposal-phone.png`, fullPage: true });
    await boys.getByRole('button', { name: 'Confirm mains' }).click();
    await expect.poll(text(boys.locator('.race-status')), WAIT).toBe('mains confirmed');
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toContain('Mains · 0/1 run');
    await expect.poll(texts(now.locator('.now-line > b')), WAIT).toEqual(['Main']);

    // The main, staged next, is named with its class.
    expect(await text(section(page).getByRole('button', { name: /^Stage next/ }))()).toBe('Stage next: Main · Boys 13');
    // The referee strikes Moto 1's winner in Boys 13 (a wrong read): the confirmed main no longer matches.
    const ran = await meeting(box);
    const boysMoto1 = ran.order.find((r) => r.class_ids[0] === 'boys-13' && r.round === 1)!;
    const detail = (await (await fetch(`${box.url}/api/races/${boysMoto1.run_race_id}`)).json()) as { passings: { ref: string; rider_id: string | null; time_ms: number }[] };
    const winner = detail.passings.filter((p) => p.rider_id !== null).sort((a, b) => a.time_ms - b.time_ms)[0]!;
    expect(await section(page).getByRole('alert', { name: 'Boys 13 mains warning' }).count()).toBe(0);
    await control(box, 'passing.ignore', { race_id: boysMoto1.run_race_id, ref: winner.ref, reason: 'wrong transponder' });
    const warning = section(page).getByRole('alert', { name: 'Boys 13 mains warning' });
    await expect.poll(text(warning.locator('p').first()), WAIT).toBe("A correction changes Boys 13's mains. The confirmed mains stay as they are; from the results as they stand now:");
    const changes = (await meeting(box)).groups.find((g) => g.group_id === 'boys-13')!.warning;
    expect(changes.length).toBeGreaterThan(0);
    const lines = await texts(warning.locator('li'))();
    expect(lines).toHaveLength(changes.length);
    expect(lines.join('\n')).toContain(plateName(winner.rider_id));
    expect(await text(section(page).locator('summary .fold-note'))()).toBe('mains warning');
    await warning.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}meeting-warning-phone.png` });
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: `${SHOTS}meeting-warning-desktop.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 300_000);
});
