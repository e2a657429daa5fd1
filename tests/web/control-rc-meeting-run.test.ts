/** @module Running an RC meeting from race control, in headless Chromium on a phone against a real appliance: two timed classes set up in the browser with their rankings, main size and bumps, the heat list, Stage next, A and B mains proposed with the bump place open, confirmed, and the bump filled by the B-main's winner. */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, texts, useBrowser, WAIT } from './box.ts';
import { logIn, oneLine, raceRow, section } from './meeting-page.ts';

const defer = useCleanups();
const browser = useBrowser();

const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/** Six drivers a class: with mains of 4 and 1 bump, an A-Main of q1 … q3 and a bump place, a B-Main of q4 … q6. */
const RC_CUP = {
  event_id: 'rc-cup',
  name: 'RC cup',
  date: '2026-12-05',
  classes: [{ class_id: 'buggy', name: '2WD Buggy', format: 'timed' }, { class_id: 'truck', name: 'Truck', format: 'timed' }],
  riders: [
    ...[1, 2, 3, 4, 5, 6].map((i) => ({ rider_id: `b${i}`, name: `Buggy ${i}`, plate: String(10 + i), class_id: 'buggy', transponders: [3_100_000 + i] })),
    ...[1, 2, 3, 4, 5, 6].map((i) => ({ rider_id: `t${i}`, name: `Truck ${i}`, plate: String(20 + i), class_id: 'truck', transponders: [3_200_000 + i] })),
  ],
  auto_practice: { enabled: false },
};

interface Race {
  race_id: string;
  name: string;
  kind: string;
  status: string;
  round: number | null;
  class_ids: string[];
  run_race_id: string | null;
  lineup: { lane: number; rider_id: string | null }[];
}
interface Meeting {
  order: Race[];
  now_next: { at_gate: string | null };
  groups: { group_id: string; proposed: Race[] | null; confirmed: Race[] }[];
}

type Box = Parameters<typeof control>[0];

async function meeting(box: Box): Promise<Meeting> {
  const response = await fetch(`${box.url}/api/events/${RC_CUP.event_id}/meeting`);
  return ((await response.json()) as { meeting: Meeting }).meeting;
}

const driver = (riderId: string | null) => {
  const r = RC_CUP.riders.find((x) => x.rider_id === riderId)!;
  return `${r.plate} ${r.name}`;
};
const grid = (race: Pick<Race, 'lineup'>) => race.lineup.map((s) => `Grid ${s.lane} ${s.rider_id === null ? 'open place (bump)' : driver(s.rider_id)}`);

/** A heat or main the box staged: started, a few crossings read, then finished by hand (a qualifier runs minutes). */
async function runStaged(box: Box, raceId: string, crossings: number): Promise<void> {
  await control(box, 'race.start', { race_id: raceId });
  await expect.poll(async () => ((await (await fetch(`${box.url}/api/races/${raceId}`)).json()) as { passings: unknown[] }).passings.length, WAIT).toBeGreaterThanOrEqual(crossings);
  await control(box, 'race.force_finish', { race_id: raceId });
}

describe('control rc meeting run', () => {
  test('control rc meeting run - two RC classes set up in the browser, the heat list, Stage next, A and B mains with a bump place, the B-Main\'s winner bumped up', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '5.5,7' });
    defer(() => box.stop());
    await control(box, 'event.setup', RC_CUP);

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page);

    // Setup: each timed class on RC qualifying, trucks on round points; mains of 4 with 1 bump.
    await section(page).locator('summary').click();
    const setup = section(page).getByRole('form', { name: 'meeting setup' });
    await expect.poll(() => setup.getByLabel('2WD Buggy format').inputValue().catch(() => ''), WAIT).toBe('rc:best_round');
    await setup.getByLabel('Truck format').selectOption('rc:round_points');
    await setup.getByLabel('Main size (RC)').fill('4');
    await setup.getByLabel('Bumps (RC)').fill('1');
    await page.screenshot({ path: `${SHOTS}rc-meeting-setup-phone.png`, fullPage: true });
    await setup.getByRole('button', { name: 'Set up meeting' }).click();

    // The heat list: one heat per class and round, each class's heat the same drivers every round.
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 0/2 run', 'Round 2 · 0/2 run', 'Round 3 · 0/2 run']);
    expect(await text(section(page).locator('.moto-sheet h3'))()).toBe('Heat list');
    const dealt = await meeting(box);
    expect(dealt.order.map((r) => `${r.class_ids[0]} ${r.name}`)).toEqual(['buggy Qualifying 1', 'truck Qualifying 1', 'buggy Qualifying 2', 'truck Qualifying 2', 'buggy Qualifying 3', 'truck Qualifying 3']);
    for (const classId of ['buggy', 'truck']) {
      const heats = dealt.order.filter((r) => r.class_ids[0] === classId);
      const drivers = RC_CUP.riders.filter((r) => r.class_id === classId).map((r) => driver(r.rider_id)).sort();
      for (const heat of heats) {
        await section(page).locator('.sheet-round > summary', { hasText: `Round ${heat.round}` }).evaluate((s) => ((s.parentElement as HTMLDetailsElement).open = true));
        const shown = await oneLine(raceRow(page, heat.race_id).locator('.meeting-lineup li'));
        expect(shown).toEqual(grid(heat));
        expect(shown.map((line) => line.replace(/^Grid \d+ /, '')).sort()).toEqual(drivers);
      }
    }
    // Each class's mains say how it qualifies, in words.
    expect(await oneLine(section(page).locator('.meeting-group .meeting-race-head'))).toEqual(['2WD Buggy best round waits for 3 races', 'Truck round points, best 2 waits for 3 races']);
    await page.screenshot({ path: `${SHOTS}rc-meeting-heat-list-phone.png`, fullPage: true });

    // Stage next from the page: the buggies' first qualifier, with its grid.
    const first = dealt.order[0]!;
    await section(page).getByRole('button', { name: 'Stage next: Qualifying 1 · 2WD Buggy' }).click();
    await expect.poll(text(raceRow(page, first.race_id).locator('.race-status')), WAIT).toBe('staged');
    const staged = (await meeting(box)).order[0]!;
    const detail = (await (await fetch(`${box.url}/api/races/${staged.run_race_id}`)).json()) as { race: { name: string; format: string; rows: { rider_id: string }[] } };
    expect([detail.race.name, detail.race.format, detail.race.rows.map((r) => r.rider_id).sort()]).toEqual(['Qualifying 1', 'timed', first.lineup.map((s) => s.rider_id).sort()]);

    // The rest staged by intent as each finishes.
    for (const [i, heat] of dealt.order.entries()) {
      if (i > 0) await control(box, 'meeting.stage_next', { event_id: RC_CUP.event_id });
      const runId = (await meeting(box)).order.find((r) => r.race_id === heat.race_id)!.run_race_id!;
      await runStaged(box, runId, 1);
      await expect.poll(async () => (await meeting(box)).order.find((r) => r.race_id === heat.race_id)!.status, WAIT).toBe('finished');
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 2/2 run', 'Round 2 · 2/2 run', 'Round 3 · 2/2 run']);

    // Buggy mains proposed: the B-Main of q4 … q6, the A-Main of q1 … q3 and its bump place open.
    const buggy = section(page).getByRole('listitem', { name: '2WD Buggy mains' });
    await buggy.getByRole('button', { name: 'Propose mains' }).click();
    const proposal = buggy.getByLabel('2WD Buggy proposal');
    await expect.poll(texts(proposal.locator('b')), WAIT).toEqual(['A-Main', 'B-Main']);
    const proposed = (await meeting(box)).groups.find((g) => g.group_id === 'buggy')!.proposed!;
    const [aMain, bMain] = proposed;
    expect([aMain!.name, bMain!.name]).toEqual(['A-Main', 'B-Main']);
    expect(aMain!.lineup.map((s) => s.rider_id === null)).toEqual([false, false, false, true]);
    expect(bMain!.lineup).toHaveLength(3);
    expect(new Set([...aMain!.lineup, ...bMain!.lineup].map((s) => s.rider_id).filter((id) => id !== null))).toEqual(new Set(['b1', 'b2', 'b3', 'b4', 'b5', 'b6']));
    const proposedGrids = await proposal.locator('.meeting-lineup').evaluateAll((lists) => lists.map((l) => Array.from(l.querySelectorAll('li'), (li) => li.textContent!.replace(/\s+/g, ' ').trim())));
    expect(proposedGrids).toEqual([grid(aMain!), grid(bMain!)]);
    expect(await oneLine(proposal.locator('li.open-place'))).toEqual(['Grid 4 open place (bump)']);
    await proposal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}rc-meeting-mains-proposal-phone.png`, fullPage: true });
    await buggy.getByRole('button', { name: 'Confirm mains' }).click();
    await expect.poll(text(buggy.locator('.race-status')), WAIT).toBe('mains confirmed');
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toContain('Mains · 0/2 run');

    // The B-Main runs first; the A-Main waits for it.
    const confirmed = (await meeting(box)).groups.find((g) => g.group_id === 'buggy')!.confirmed;
    const aId = confirmed.find((r) => r.name === 'A-Main')!.race_id;
    const bId = confirmed.find((r) => r.name === 'B-Main')!.race_id;
    await expect.poll(text(section(page).getByRole('button', { name: /^Stage next/ })), WAIT).toBe('Stage next: B-Main · 2WD Buggy');
    await section(page).getByRole('button', { name: 'Stage next: B-Main · 2WD Buggy' }).click();
    await expect.poll(async () => (await meeting(box)).order.find((r) => r.race_id === bId)!.status, WAIT).toBe('staged');
    const bRun = (await meeting(box)).order.find((r) => r.race_id === bId)!.run_race_id!;
    await runStaged(box, bRun, 4);

    // The B-Main's winner takes the A-Main's bump place, in the API and on the page.
    const bResult = (await (await fetch(`${box.url}/api/races/${bRun}`)).json()) as { race: { rows: { rider_id: string; position: number | null }[] } };
    const winner = bResult.race.rows.find((r) => r.position === 1)!.rider_id;
    expect(['b4', 'b5', 'b6']).toContain(winner);
    await expect.poll(async () => (await meeting(box)).order.find((r) => r.race_id === aId)!.lineup[3]!.rider_id, WAIT).toBe(winner);
    const filled = (await meeting(box)).order.find((r) => r.race_id === aId)!;
    expect(filled.lineup.slice(0, 3)).toEqual(aMain!.lineup.slice(0, 3));
    const aRow = raceRow(page, aId);
    await expect.poll(async () => oneLine(aRow.locator('.meeting-lineup li')), WAIT).toEqual(grid(filled));
    expect(await aRow.locator('li.open-place').count()).toBe(0);
    await expect.poll(text(section(page).getByRole('button', { name: /^Stage next/ })), WAIT).toMatch(/^Stage next: A-Main · 2WD Buggy$|^Stage next: B-Main · Truck$/);
    await aRow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}rc-meeting-a-main-bumped-phone.png` });
    await page.setViewportSize({ width: 1366, height: 850 });
    await page.screenshot({ path: `${SHOTS}rc-meeting-a-main-bumped-desktop.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 180_000);
});
