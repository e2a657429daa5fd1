/** @module RC mains with bump places on race control, in headless Chromium on a phone and a laptop against a real appliance: qualifying and the lower mains run by logged intents, each bump place marked open ("open place for the B-Main winner") and, once the main below has run, filled ("bumped up from B-Main"; here the C-Main's winner wins the B-Main too and goes up twice); the classes' mains side by side on a laptop and stacked on a phone; the results and the scoreboard's standings at both sizes. */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, startBox, useBrowser, WAIT } from './box.ts';
import { rcEvent } from './meeting-fixture.ts';
import { readMeeting, runTimed, runWhileOffered, stageNext } from './meeting-intents.ts';
import { openControl, SHOTS } from './control-pages.ts';
import { oneLine, raceRow, section } from './meeting-page.ts';

const defer = useCleanups();
const browser = useBrowser();

/** Buggies: eight drivers make A, B and C mains of 4 with a bump place in A and in B. Trucks: six make an A and a B. */
const RC_NIGHT = rcEvent('rc-night', 'RC night', [
  { class_id: 'buggy', name: '2WD Buggy', driver: 'Buggy', drivers: 8, plates: 10, transponders: 3_100_000 },
  { class_id: 'truck', name: 'Truck', driver: 'Truck', drivers: 6, plates: 30, transponders: 3_200_000 },
]);
const MAINS = { qualifying_rounds: 2, main_size: 4, bumps: 1 };

const driver = (riderId: string | null) => {
  const r = RC_NIGHT.riders.find((x) => x.rider_id === riderId)!;
  return `${r.plate} ${r.name}`;
};
const lastPlace = async (row: Locator) => (await oneLine(row.locator('.meeting-lineup li'))).at(-1);
const mainsCard = (page: Page, name: string) => section(page).getByRole('listitem', { name: `${name} mains` });

describe('control rc bumps', () => {
  test('control rc bumps - a bump place reads open with the finisher it waits for and, filled, with the main its driver came up from; classes side by side on a laptop', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), firstCrossingSeconds: '3600,3600' });
    defer(() => box.stop());
    await control(box, 'event.setup', RC_NIGHT);
    await control(box, 'meeting.setup', { event_id: RC_NIGHT.event_id, rc: { classes: [{ class_id: 'buggy', ...MAINS }, { class_id: 'truck', ...MAINS }] } });
    await runWhileOffered(box, RC_NIGHT.event_id, (runId, race) => runTimed(box, runId, race));
    for (const group_id of ['buggy', 'truck']) {
      await control(box, 'meeting.propose_mains', { event_id: RC_NIGHT.event_id, group_id });
      await control(box, 'meeting.confirm_mains', { event_id: RC_NIGHT.event_id, group_id });
    }
    const confirmed = (await readMeeting(box, RC_NIGHT.event_id)).order.filter((r) => r.kind === 'main');
    const mainOf = (classId: string, name: string) => confirmed.find((r) => r.class_ids[0] === classId && r.name === name)!;
    expect(confirmed.map((r) => `${r.class_ids[0]} ${r.name}`)).toEqual(['buggy C-Main', 'buggy B-Main', 'truck B-Main', 'buggy A-Main', 'truck A-Main']);

    const { page, problems, desktop } = await openControl(browser(), box.url, defer);

    // Before the lower mains run: each bump place open, saying whose winner takes it.
    const buggyA = raceRow(page, mainOf('buggy', 'A-Main').race_id);
    const buggyB = raceRow(page, mainOf('buggy', 'B-Main').race_id);
    await expect.poll(() => lastPlace(buggyA), WAIT).toBe('Grid 4 open place for the B-Main winner');
    expect(await lastPlace(buggyB)).toBe('Grid 4 open place for the C-Main winner');
    expect(await buggyA.locator('li.open-place').count()).toBe(1);

    // The C-Main and both B-Mains run; the A-Mains wait at the gate with their bump places filled.
    for (;;) {
      const meeting = await readMeeting(box, RC_NIGHT.event_id);
      const next = meeting.order.find((r) => r.race_id === meeting.now_next.at_gate)!;
      if (next.name === 'A-Main') break;
      const { runId, planned } = await stageNext(box, RC_NIGHT.event_id);
      // The driver bumped into a main wins it, and so goes up again.
      const grid = planned.lineup.map((s) => s.rider_id!);
      await runTimed(box, runId, planned, [grid.at(-1)!, ...grid.slice(0, -1)]);
    }
    const filled = (await readMeeting(box, RC_NIGHT.event_id)).order;
    const winnerOf = (classId: string, name: string) => filled.find((r) => r.class_ids[0] === classId && r.name === name)!.lineup.at(-1)!.rider_id;
    const fromC = winnerOf('buggy', 'B-Main');
    const fromB = winnerOf('buggy', 'A-Main');
    expect(fromC).not.toBeNull();
    expect(fromB).toBe(fromC);
    await expect.poll(() => lastPlace(buggyA), WAIT).toBe(`Grid 4 ${driver(fromB)} bumped up from B-Main`);
    expect(await lastPlace(buggyB)).toBe(`Grid 4 ${driver(fromC)} bumped up from C-Main`);
    // The truck B-Main ran last: the page may read it a second later.
    await expect.poll(() => lastPlace(raceRow(page, mainOf('truck', 'A-Main').race_id)), WAIT).toBe(`Grid 4 ${driver(winnerOf('truck', 'A-Main'))} bumped up from B-Main`);
    expect([await buggyA.locator('li.bumped').count(), await buggyA.locator('li.open-place').count()]).toEqual([1, 0]);
    // Now and next shows the A-Main at the gate with the same mark.
    expect((await oneLine(section(page).getByLabel('now and next').locator('.meeting-lineup li'))).at(-1)).toMatch(/ bumped up from B-Main$/);
    await buggyA.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}rc-bumps-filled-phone.png` });
    const deskA = raceRow(desktop, mainOf('buggy', 'A-Main').race_id);
    await expect.poll(() => lastPlace(deskA), WAIT).toBe(`Grid 4 ${driver(fromB)} bumped up from B-Main`);
    await deskA.scrollIntoViewIfNeeded();
    await desktop.screenshot({ path: `${SHOTS}rc-bumps-filled-desktop.png` });

    // A laptop sets the classes side by side; a phone stacks them.
    const cardBox = async (p: Page, name: string) => (await mainsCard(p, name).boundingBox())!;
    const [deskBuggy, deskTruck] = [await cardBox(desktop, '2WD Buggy'), await cardBox(desktop, 'Truck')];
    expect([deskTruck.y, deskTruck.x > deskBuggy.x + deskBuggy.width - 1]).toEqual([deskBuggy.y, true]);
    const [phoneBuggy, phoneTruck] = [await cardBox(page, '2WD Buggy'), await cardBox(page, 'Truck')];
    expect([phoneTruck.x, phoneTruck.y >= phoneBuggy.y + phoneBuggy.height - 1]).toEqual([phoneBuggy.x, true]);
    await mainsCard(desktop, '2WD Buggy').scrollIntoViewIfNeeded();
    await desktop.screenshot({ path: `${SHOTS}rc-bumps-qualifying-desktop.png` });

    // The A-Mains run: results on race control, the printed sheet and the scoreboard, at both sizes.
    await runWhileOffered(box, RC_NIGHT.event_id, (runId, race) => runTimed(box, runId, race));
    await expect.poll(() => mainsCard(page, 'Truck').getByRole('table', { name: 'Truck results' }).count(), WAIT).toBe(1);
    await mainsCard(desktop, '2WD Buggy').scrollIntoViewIfNeeded();
    await desktop.screenshot({ path: `${SHOTS}rc-bumps-results-desktop.png` });
    await mainsCard(page, '2WD Buggy').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}rc-bumps-results-phone.png` });
    for (const [p, size] of [[page, 'phone'], [desktop, 'desktop']] as const) {
      await p.goto(`${box.url}/results/events/${RC_NIGHT.event_id}`);
      await p.screenshot({ path: `${SHOTS}rc-bumps-sheet-${size}.png`, fullPage: true });
      await p.screenshot({ path: `${SHOTS}rc-bumps-sheet-top-${size}.png` });
      await p.goto(`${box.url}/#standings`);
      await expect.poll(() => p.locator('.standings-grid').count(), WAIT).toBe(1);
      await p.screenshot({ path: `${SHOTS}rc-bumps-standings-${size}.png`, fullPage: true });
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
