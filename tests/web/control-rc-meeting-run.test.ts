/** @module An RC meeting run from race control as a club runs it, in headless Chromium on a phone against a real appliance: two timed classes set up in the browser, three qualifying rounds, every heat and main staged with Stage next and started and finished with the race panel's buttons while the simulator laps the staged cars, the qualifying order (TQ first) held against the laps recorded, A and B mains with a bump place proposed and confirmed, the B-Main's winner bumped to the back of the A-Main's grid, and the final results. */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { formatLapsTime } from '../../shared/race/format.ts';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, startBox, text, texts, useBrowser, WAIT } from './box.ts';
import { openControl, SHOTS } from './control-pages.ts';
import type { MeetingRace } from './meeting-fixture.ts';
import { oneLine, raceRow, section, sectionHead } from './meeting-page.ts';
import { bestRound, type Lap, type Ranked, roundPoints, runOf, type Run } from './rc-ranking.ts';

const defer = useCleanups();
const browser = useBrowser();

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
const CLASS_NAMES: Record<string, string> = { buggy: '2WD Buggy', truck: 'Truck' };
const ROUNDS = [1, 2, 3];

type Race = MeetingRace & { kind: string };
interface Meeting {
  order: Race[];
  now_next: { at_gate: string | null };
  groups: { group_id: string; proposed: Race[] | null; confirmed: Race[] }[];
}
interface RaceDetail {
  race: { name: string; format: string; settings: { start_mode: string }; status: string; rows: { rider_id: string; position: number; laps: number; total_ms: number | null }[] };
  laps: Record<string, Lap[]>;
}

type Box = Parameters<typeof control>[0];

async function meeting(box: Box): Promise<Meeting> {
  const response = await fetch(`${box.url}/api/events/${RC_CUP.event_id}/meeting`);
  return ((await response.json()) as { meeting: Meeting }).meeting;
}
const raceOf = async (box: Box, raceId: string) => (await (await fetch(`${box.url}/api/races/${raceId}`)).json()) as RaceDetail;
const planned = async (box: Box, raceId: string) => (await meeting(box)).order.find((r) => r.race_id === raceId)!;

const driver = (riderId: string | null) => {
  const r = RC_CUP.riders.find((x) => x.rider_id === riderId)!;
  return `${r.plate} ${r.name}`;
};
/** A grid as race control lists it: a bump place open for the lower main's winner, or marked with the main its driver came up from. */
const grid = (race: Pick<Race, 'lineup'>) =>
  race.lineup.map((s) => `Grid ${s.lane} ${s.rider_id === null ? `open place for the ${s.bump!.from} winner` : `${driver(s.rider_id)}${s.bump ? ` bumped up from ${s.bump.from}` : ''}`}`);
const counted = (laps: readonly Lap[] | undefined) => (laps ?? []).filter((l) => l.lap > 0 && !l.rejected).length;

/** Race control's race panel: the race staged or on track, with its Start and Force finish. */
const racePanel = (page: Page) => page.getByRole('region', { name: 'current race' });
const standing = (page: Page, label: string) => section(page).getByRole('table', { name: label });
/** Each row's cells on one line, a space between cells. */
const rowsOf = (page: Page, label: string) =>
  standing(page, label).locator('tr').evaluateAll((rows) => rows.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent!.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ')));

/** The page's qualifying line for a driver the test ranked: position, TQ on the first, driver, what the method ranks by. */
function qualifyingLine(row: Ranked, i: number): string {
  const result = row.total === null ? formatLapsTime(row.best.laps, row.best.total_ms) : `${row.total} pts ${throwOut(row.points!)}`;
  return `${i + 1} ${i === 0 ? 'TQ ' : ''}${driver(row.rider_id)} ${result}`;
}
/** Round points as the page lists them: two of three count, the round thrown out (the lowest; of equal ones, the later) in brackets. */
function throwOut(points: number[]): string {
  const out = points.lastIndexOf(Math.min(...points));
  return points.map((p, i) => (i === out ? `(${p})` : String(p))).join(' · ');
}

describe('control rc meeting run', () => {
  test('control rc meeting run - two RC classes set up in the browser, three qualifying rounds and A and B mains staged, started and finished from race control while the simulator laps the cars, the qualifying order from the laps recorded, the B-Main\'s winner bumped into the A-Main, the results', async () => {
    // Cars on the line 2-3 s after staging, once Start is pressed, laps of 5.5-6.5 s (the meeting's shortest lap is 5 s), every race finished by hand once each car has a lap: ten races near two minutes.
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '5.5,6.5', firstCrossingSeconds: '2,3' });
    defer(() => box.stop());
    await control(box, 'event.setup', RC_CUP);

    const { page, problems, desktop, desktopContext } = await openControl(browser(), box.url, defer);
    const shoot = async (name: string) => {
      await page.screenshot({ path: `${SHOTS}rc-meeting-${name}-phone.png`, fullPage: true });
      await desktop.screenshot({ path: `${SHOTS}rc-meeting-${name}-desktop.png`, fullPage: true });
    };

    // Setup: buggies on best round, trucks on round points (best 2 of 3); mains of 4 with 1 bump.
    await sectionHead(page).click();
    const setup = section(page).getByRole('form', { name: 'meeting setup' });
    await expect.poll(() => setup.getByLabel('2WD Buggy format').inputValue().catch(() => ''), WAIT).toBe('rc:best_round');
    await setup.getByLabel('Truck format').selectOption('rc:round_points');
    expect(await setup.getByLabel('Rounds (motos or qualifiers)').inputValue()).toBe('3');
    await setup.getByLabel('Main size (RC)').fill('4');
    await setup.getByLabel('Bumps (RC)').fill('1');
    await setup.getByRole('button', { name: 'Set up meeting' }).click();

    // The heat list: one heat per class and round, each class's heat the same drivers every round.
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 0/2 run', 'Round 2 · 0/2 run', 'Round 3 · 0/2 run']);
    expect(await text(section(page).locator('.moto-sheet h3'))()).toBe('Heat list');
    const dealt = await meeting(box);
    expect(dealt.order.map((r) => `${r.class_ids[0]} ${r.name}`)).toEqual(['buggy Qualifying 1', 'truck Qualifying 1', 'buggy Qualifying 2', 'truck Qualifying 2', 'buggy Qualifying 3', 'truck Qualifying 3']);
    for (const classId of ['buggy', 'truck']) {
      const drivers = RC_CUP.riders.filter((r) => r.class_id === classId).map((r) => driver(r.rider_id)).sort();
      for (const heat of dealt.order.filter((r) => r.class_ids[0] === classId)) {
        await section(page).locator('.sheet-round > summary', { hasText: `Round ${heat.round}` }).evaluate((s) => ((s.parentElement as HTMLDetailsElement).open = true));
        const shown = await oneLine(raceRow(page, heat.race_id).locator('.meeting-lineup li'));
        expect(shown).toEqual(grid(heat));
        expect(shown.map((line) => line.replace(/^Grid \d+ /, '')).sort()).toEqual(drivers);
      }
    }
    expect(await oneLine(section(page).locator('.meeting-group .meeting-race-head'))).toEqual(['2WD Buggy best round waits for 3 races', 'Truck round points, best 2 waits for 3 races']);

    // RC heats, not BMX motos: the link and the printed page speak of the heat list.
    const printLink = section(page).getByRole('link', { name: 'Print heat list' });
    expect(await printLink.getAttribute('href')).toBe(`/results/events/${RC_CUP.event_id}/motos`);
    expect(await section(page).getByRole('link', { name: 'Print moto sheet' }).count()).toBe(0);
    const print = await desktopContext.newPage();
    await print.goto(`${box.url}/results/events/${RC_CUP.event_id}/motos`);
    expect([await print.title(), await text(print.locator('h1'))()]).toEqual(['Heat list · RC cup', 'RC cup: heat list']);
    await print.screenshot({ path: `${SHOTS}rc-meeting-heat-list-print-desktop.png`, fullPage: true });
    await expect.poll(texts(section(desktop).locator('.sheet-round > summary')), WAIT).toHaveLength(3);
    await shoot('heat-list');

    /**
     * What the operator does for each race: Stage next in the Meeting section; the race panel shows
     * it staged with Start; the simulator laps the staged cars; once every car has a counted lap,
     * Force finish; the sheet marks it finished. Returns the run's id.
     */
    const ride = async (race: Race): Promise<string> => {
      const stageNext = section(page).getByRole('button', { name: /^Stage next/ });
      await expect.poll(text(stageNext), WAIT).toBe(`Stage next: ${race.name} · ${CLASS_NAMES[race.class_ids[0]!]}`);
      await stageNext.click();
      await expect.poll(async () => (await planned(box, race.race_id)).run_race_id, WAIT).not.toBeNull();
      const runId = (await planned(box, race.race_id)).run_race_id!;
      const board = racePanel(page).locator(`.board[data-race-id="${runId}"]`);
      await expect.poll(() => board.getAttribute('data-status').catch(() => null), WAIT).toBe('staged');
      await racePanel(page).getByRole('button', { name: 'Start', exact: true }).click();
      await expect.poll(() => board.getAttribute('data-status').catch(() => null), WAIT).toBe('running');
      const drivers = race.lineup.map((s) => s.rider_id!);
      await expect.poll(async () => { const d = await raceOf(box, runId); return drivers.every((id) => counted(d.laps[id]) > 0); }, WAIT).toBe(true);
      await racePanel(page).getByRole('button', { name: 'Force finish' }).click();
      await expect.poll(() => board.getAttribute('data-status').catch(() => null), WAIT).toBe('finished');
      await expect.poll(() => raceRow(page, race.race_id).locator('.race-status').textContent(), WAIT).toBe('finished');
      return runId;
    };

    // Qualifying: three rounds of both classes, each heat the drivers the heat list gave it.
    const runs = new Map<string, Run[]>();
    for (const heat of dealt.order) {
      const runId = await ride(heat);
      const detail = await raceOf(box, runId);
      expect([detail.race.name, detail.race.format, detail.race.settings.start_mode, detail.race.rows.map((r) => r.rider_id).sort()]).toEqual([heat.name, 'timed', 'staggered', heat.lineup.map((s) => s.rider_id).sort()]);
      for (const slot of heat.lineup) runs.set(slot.rider_id!, [...(runs.get(slot.rider_id!) ?? []), runOf(heat.round!, detail.laps[slot.rider_id!] ?? [])]);
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 2/2 run', 'Round 2 · 2/2 run', 'Round 3 · 2/2 run']);

    // The qualifying order on the page is each class's rule over the laps recorded: best round, and round points best 2 of 3.
    const classRuns = (classId: string) => new Map([...runs].filter(([id]) => RC_CUP.riders.find((r) => r.rider_id === id)!.class_id === classId));
    const ranked: Record<string, Ranked[]> = { buggy: bestRound(classRuns('buggy')), truck: roundPoints(classRuns('truck'), ROUNDS, 2) };
    for (const classId of ['buggy', 'truck']) {
      await expect.poll(() => rowsOf(page, `${CLASS_NAMES[classId]} qualifying`), WAIT).toEqual(ranked[classId]!.map(qualifyingLine));
      expect(await standing(page, `${CLASS_NAMES[classId]} qualifying`).locator('tr.tq').count()).toBe(1);
    }
    await standing(page, '2WD Buggy qualifying').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}rc-meeting-qualifying-phone.png` });
    await expect.poll(() => standing(desktop, 'Truck qualifying').count(), WAIT).toBe(1);
    await standing(desktop, '2WD Buggy qualifying').scrollIntoViewIfNeeded();
    await desktop.screenshot({ path: `${SHOTS}rc-meeting-qualifying-desktop.png` });

    // Mains proposed from the page: the top three qualifiers in the A-Main with the bump place open behind them, the next three in the B-Main.
    for (const classId of ['buggy', 'truck']) {
      const name = CLASS_NAMES[classId]!;
      const group = section(page).getByRole('listitem', { name: `${name} mains` });
      await group.getByRole('button', { name: 'Propose mains' }).click();
      const proposal = group.getByLabel(`${name} proposal`);
      await expect.poll(texts(proposal.locator('b')), WAIT).toEqual(['A-Main', 'B-Main']);
      const [aMain, bMain] = (await meeting(box)).groups.find((g) => g.group_id === classId)!.proposed!;
      const q = ranked[classId]!.map((r) => r.rider_id);
      expect([aMain!.name, aMain!.lineup.map((s) => s.rider_id)]).toEqual(['A-Main', [q[0], q[1], q[2], null]]);
      expect([bMain!.name, bMain!.lineup.map((s) => s.rider_id)]).toEqual(['B-Main', [q[3], q[4], q[5]]]);
      const shown = await proposal.locator('.meeting-lineup').evaluateAll((lists) => lists.map((l) => Array.from(l.querySelectorAll('li'), (li) => li.textContent!.replace(/\s+/g, ' ').trim())));
      expect(shown).toEqual([grid(aMain!), grid(bMain!)]);
      expect(await oneLine(proposal.locator('li.open-place'))).toEqual(['Grid 4 open place for the B-Main winner']);
      if (classId === 'buggy') {
        await proposal.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}rc-meeting-mains-proposal-phone.png` });
      }
      await group.getByRole('button', { name: 'Confirm mains' }).click();
      await expect.poll(text(group.locator('.race-status')), WAIT).toBe('mains confirmed');
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toContain('Mains · 0/4 run');

    // The mains in the order Stage next offers them: each class's B-Main before its A-Main, whose bump place its winner fills.
    const mains = new Map<string, string>();
    for (;;) {
      const now = await meeting(box);
      const next = now.order.find((r) => r.race_id === now.now_next.at_gate);
      if (!next || next.status !== 'waiting') break;
      const classId = next.class_ids[0]!;
      const aMain = now.order.find((r) => r.class_ids[0] === classId && r.name === 'A-Main')!;
      if (next.name === 'A-Main') expect(mains.has(`${classId} B-Main`)).toBe(true);
      const runId = await ride(next);
      mains.set(`${classId} ${next.name}`, runId);
      if (next.name !== 'B-Main') continue;
      const winner = (await raceOf(box, runId)).race.rows.find((r) => r.position === 1)!.rider_id;
      expect(next.lineup.map((s) => s.rider_id)).toContain(winner);
      await expect.poll(async () => (await planned(box, aMain.race_id)).lineup.map((s) => s.rider_id), WAIT).toEqual([...aMain.lineup.slice(0, 3).map((s) => s.rider_id), winner]);
      const aRow = raceRow(page, aMain.race_id);
      await expect.poll(() => oneLine(aRow.locator('.meeting-lineup li')), WAIT).toEqual(grid(await planned(box, aMain.race_id)));
      expect((await oneLine(aRow.locator('.meeting-lineup li'))).at(-1)).toBe(`Grid 4 ${driver(winner)} bumped up from B-Main`);
      expect(await aRow.locator('li.open-place').count()).toBe(0);
      if (classId === 'buggy') {
        await aRow.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}rc-meeting-a-main-bumped-phone.png` });
        await expect.poll(() => raceRow(desktop, aMain.race_id).locator('li.open-place').count(), WAIT).toBe(0);
        await raceRow(desktop, aMain.race_id).scrollIntoViewIfNeeded();
        await desktop.screenshot({ path: `${SHOTS}rc-meeting-a-main-bumped-desktop.png` });
      }
    }
    expect([...mains.keys()].sort()).toEqual(['buggy A-Main', 'buggy B-Main', 'truck A-Main', 'truck B-Main']);
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toContain('Mains · 4/4 run');

    // The results: the A-Main's order, then the B-Main's drivers it did not bump up, in their B-Main places.
    for (const classId of ['buggy', 'truck']) {
      const name = CLASS_NAMES[classId]!;
      const byPlace = async (main: string) => [...(await raceOf(box, mains.get(`${classId} ${main}`)!)).race.rows].sort((a, b) => a.position - b.position).map((r) => r.rider_id);
      const a = await byPlace('A-Main');
      const b = (await byPlace('B-Main')).filter((id) => !a.includes(id));
      const expected = [...a.map((id) => `${driver(id)} A-Main`), ...b.map((id) => `${driver(id)} B-Main`)].map((line, i) => `${i + 1} ${line}`);
      await expect.poll(() => rowsOf(page, `${name} results`), WAIT).toEqual(expected);
      expect(await text(section(page).getByRole('listitem', { name: `${name} mains` }).locator('.race-status'))()).toBe('results final');
    }
    expect(await text(section(page).locator('.actions .muted'))()).toBe('Every race of the meeting has run.');
    await standing(page, '2WD Buggy results').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}rc-meeting-final-phone.png` });
    await expect.poll(() => standing(desktop, 'Truck results').count(), WAIT).toBe(1);
    await standing(desktop, '2WD Buggy results').scrollIntoViewIfNeeded();
    await desktop.screenshot({ path: `${SHOTS}rc-meeting-final-desktop.png` });
    expect(problems).toEqual([]);
  }, 240_000);
});
