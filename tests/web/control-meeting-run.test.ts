/** @module A BMX meeting run from race control as a club runs it, in headless Chromium on a phone against a real appliance: three classes drawn into three motos each, every moto and main staged from the page, dropped by the hill's gate marker and finished by the simulator, now and next on race control and the scoreboard, mains proposed and confirmed, the warning after a correction, and the event's results printed to PDF. */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useCleanups } from '../harness/index.ts';
import { control, dataDir, phonePage, startBox, text, texts, useBrowser, WAIT } from './box.ts';
import { logIn, oneLine, raceRow, section, sectionHead } from './meeting-page.ts';
import { CUP, type MeetingRace } from './meeting-fixture.ts';

const defer = useCleanups();
const browser = useBrowser();

const SHOTS = fileURLToPath(new URL('../../.scratch/shots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/** The cup's two classes of four, and a class of six whose 1-2-2 transfers empty its later motos. */
const BOYS_9 = { class_id: 'boys-9', name: 'Boys 9', format: 'bmx' };
const MEETING = {
  ...CUP,
  classes: [...CUP.classes, BOYS_9],
  riders: [...CUP.riders, ...[1, 2, 3, 4, 5, 6].map((i) => ({ rider_id: `n${i}`, name: `Novice ${i}`, plate: String(300 + i), class_id: BOYS_9.class_id, transponders: [203_000_000 + i] }))],
};
const CLASS_NAMES = MEETING.classes.map((c) => c.name);

interface Meeting {
  order: MeetingRace[];
  groups: { group_id: string; warning: unknown[]; proposed: { name: string; lineup: { lane: number; rider_id: string | null }[] }[] | null; confirmed: { race_id: string; lineup: { rider_id: string | null }[] }[] }[];
}

interface BmxRace {
  race: { name: string; status: string; gate: { source: string } | null; rows: { lane: number; rider_id: string; place: number | null }[] };
}

type Box = Parameters<typeof control>[0];

async function meeting(box: Box): Promise<Meeting> {
  const response = await fetch(`${box.url}/api/events/${MEETING.event_id}/meeting`);
  return ((await response.json()) as { meeting: Meeting }).meeting;
}

const raceOf = async (box: Box, raceId: string) => (await (await fetch(`${box.url}/api/races/${raceId}`)).json()) as BmxRace;
const rider = (riderId: string | null) => MEETING.riders.find((r) => r.rider_id === riderId)!;
const plateName = (riderId: string | null) => `${rider(riderId).plate} ${rider(riderId).name}`;
const classOf = (race: MeetingRace) => MEETING.classes.find((c) => c.class_id === race.class_ids[0])!.name;
const lanesOf = (race: MeetingRace) => race.lineup.map((s) => `Lane ${s.lane} ${plateName(s.rider_id)}`);

/** Race control's race panel: the race staged or on track, its gate drop and its finish. */
const racePanel = (page: Page) => page.getByRole('region', { name: 'current race' });
const nowNext = (page: Page) => section(page).getByLabel('now and next');
const scoreboardCards = (page: Page) => page.getByRole('region', { name: 'now and next' }).locator('.nn-race');

describe('control meeting run', () => {
  test('control meeting run - three classes drawn into motos from race control, every moto and main staged from the page and ridden from the gate marker to the finish, now and next on race control and the scoreboard, mains proposed and confirmed, the warning after a correction, the results printed', async () => {
    // A 1 s minimum race time (the form's default is 10 s) lets the simulator ride each moto in 3-4 s, so twelve races fit the suite's time.
    const box = await startBox({ scenario: 'bmx-motos', dataDir: await dataDir(defer), raceSeconds: '3,4' });
    defer(() => box.stop());
    await control(box, 'event.setup', MEETING);

    const { page, problems } = await phonePage(browser(), defer);
    await page.goto(`${box.url}/control/`);
    await logIn(page);
    const board = await phonePage(browser(), defer);
    await board.page.goto(`${box.url}/`);
    const desktopContext = await browser().newContext({ viewport: { width: 1366, height: 850 } });
    defer(() => desktopContext.close());
    const desktop = await desktopContext.newPage();
    await desktop.goto(`${box.url}/control/`);
    await logIn(desktop);

    // No meeting yet: folded; opened, the setup form puts each BMX class on the transfer table.
    await expect.poll(text(section(page).locator('summary .fold-note')), WAIT).toBe('not set up');
    await sectionHead(page).click();
    const setup = section(page).getByRole('form', { name: 'meeting setup' });
    for (const name of CLASS_NAMES) await expect.poll(() => setup.getByLabel(`${name} format`).inputValue().catch(() => ''), WAIT).toBe('bmx:transfer');
    await control(box, 'meeting.setup', { event_id: MEETING.event_id, bmx: { classes: MEETING.classes.map((c) => ({ class_id: c.class_id })), min_time_ms: 1000 } });
    await section(page).getByRole('button', { name: 'Draw motos' }).click();

    // The moto sheet: round 1 open with every class's moto and its lanes, later rounds folded.
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 0/3 run', 'Round 2 · 0/3 run', 'Round 3 · 0/3 run']);
    const drawn = await meeting(box);
    expect(drawn.order.map((r) => r.name)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `Moto ${n}`));
    expect(drawn.order.map((r) => r.round)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(new Set(drawn.order.slice(0, 3).map(classOf))).toEqual(new Set(CLASS_NAMES));
    // Lanes as drawn, every name as text: the one full of markup characters reads as typed.
    for (const moto of drawn.order.slice(0, 3)) expect(await oneLine(raceRow(page, moto.race_id).locator('.meeting-lineup li'))).toEqual(lanesOf(moto));
    expect((await oneLine(section(page).locator('.meeting-lineup li'))).join('\n')).toContain(plateName('g2'));
    expect((await oneLine(raceRow(page, drawn.order[0]!.race_id).locator('.meeting-race-head')))[0]).toBe(`Moto 1 ${classOf(drawn.order[0]!)} waiting`);
    expect(await section(page).getByRole('link', { name: 'Print moto sheet' }).getAttribute('href')).toBe(`/results/events/${MEETING.event_id}/motos`);
    expect(await section(page).locator('.sheet-round').evaluateAll((folds) => folds.map((f) => (f as HTMLDetailsElement).open))).toEqual([true, false, false]);
    await page.screenshot({ path: `${SHOTS}meeting-sheet-phone.png`, fullPage: true });
    await expect.poll(texts(section(desktop).locator('.sheet-round > summary')), WAIT).toHaveLength(3);
    await desktop.screenshot({ path: `${SHOTS}meeting-sheet-desktop.png`, fullPage: true });
    await desktop.goto(`${box.url}/`);
    expect(await texts(nowNext(page).locator('.now-line > b'))()).toEqual(['Moto 1', 'Moto 2', 'Moto 3']);

    /**
     * What the operator does for each race: Stage next on the phone; the race is at the gate in now
     * and next (here and on the scoreboard) and in the race panel, with Gate drop should the hill's
     * marker miss; the marker drops the gate, the riders finish, and Stage next offers the next race.
     */
    const ride = async (race: MeetingRace, { atGate, onTrack }: { atGate?: () => Promise<void>; onTrack?: string } = {}) => {
      const stageNext = section(page).getByRole('button', { name: /^Stage next/ });
      await expect.poll(text(stageNext), WAIT).toBe(`Stage next: ${race.name} · ${classOf(race)}`);
      await stageNext.click();
      await atGate?.();
      await expect.poll(text(nowNext(page).locator('.now-line').first()), WAIT).toMatch(new RegExp(`^(At the gate|On track) ${race.name} ${classOf(race)}`));
      const card = scoreboardCards(board.page).first();
      await expect.poll(async () => [...(await oneLine(card.locator('.nn-label'))), ...(await oneLine(card.locator('.nn-title')))].join(' '), WAIT).toMatch(new RegExp(`^(At the gate|On track) ${race.name} ${classOf(race)}$`));
      const runId = (await meeting(box)).order.find((r) => r.race_id === race.race_id)!.run_race_id!;
      const shown = racePanel(page).locator(`.board[data-race-id="${runId}"]`);
      if (onTrack) {
        await expect.poll(() => shown.getAttribute('data-status').catch(() => null), WAIT).toBe('running');
        await racePanel(page).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}${onTrack}-phone.png` });
        await racePanel(desktop).scrollIntoViewIfNeeded();
        await desktop.screenshot({ path: `${SHOTS}${onTrack}-desktop.png` });
      }
      await expect.poll(() => shown.getAttribute('data-status').catch(() => null), WAIT).toBe('finished');
      const ran = await raceOf(box, runId);
      // The hill's marker dropped the gate; the box timed exactly the riders the sheet put in the lanes.
      expect(ran.race.gate?.source).toBe('passing');
      expect([ran.race.name, ran.race.rows.map((r) => `Lane ${r.lane} ${plateName(r.rider_id)}`).sort()]).toEqual([race.name, lanesOf(race).sort()]);
      // Its row on the sheet, folded away once its round is all run.
      await expect.poll(() => raceRow(page, race.race_id).locator('.race-status').textContent(), WAIT).toBe('finished');
      return ran;
    };

    // Moto 1 at the gate: Gate drop offered while the gate is up, the sheet's lanes in now and next, the scoreboard showing it and the next two.
    const moto1 = drawn.order[0]!;
    await ride(moto1, {
      atGate: async () => {
        await expect.poll(() => racePanel(page).getByRole('button', { name: 'Gate drop' }).count(), WAIT).toBe(1);
        await expect.poll(async () => (await oneLine(nowNext(page).locator('.now-line').first().locator('.meeting-lineup li'))), WAIT).toEqual(lanesOf(moto1));
        await page.screenshot({ path: `${SHOTS}meeting-now-next-phone.png` });
        await expect.poll(async () => (await oneLine(scoreboardCards(board.page).locator('.nn-title'))).slice(0, 3), WAIT).toEqual(drawn.order.slice(0, 3).map((r) => `${r.name} ${classOf(r)}`));
        await board.page.screenshot({ path: `${SHOTS}meeting-scoreboard-now-next-phone.png`, fullPage: true });
        await expect.poll(async () => (await oneLine(scoreboardCards(desktop).first().locator('.nn-label')))[0], WAIT).toMatch(/^(At the gate|On track)$/);
        await desktop.screenshot({ path: `${SHOTS}meeting-scoreboard-now-next-desktop.png` });
      },
    });
    await desktop.goto(`${box.url}/control/`);
    for (const moto of drawn.order.slice(1)) {
      // Transfers: a later moto's lanes are read when it comes up, without the riders already through.
      const now = (await meeting(box)).order.find((r) => r.race_id === moto.race_id)!;
      await ride(now, { onTrack: moto.name === 'Moto 2' ? 'meeting-race-control' : undefined });
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toEqual(['Round 1 · 3/3 run', 'Round 2 · 3/3 run', 'Round 3 · 3/3 run']);
    // Boys 9's 1-2-2: one rider out after moto 1, two more after moto 2.
    const motos = (await meeting(box)).order.filter((r) => r.class_ids[0] === BOYS_9.class_id).map((r) => r.lineup.length);
    expect(motos).toEqual([6, 5, 3]);

    // Mains for every class: proposed with who rides where, then confirmed into the running order.
    for (const name of CLASS_NAMES) {
      const group = section(page).getByRole('listitem', { name: `${name} mains` });
      await group.getByRole('button', { name: 'Propose mains' }).click();
      const proposal = group.getByLabel(`${name} proposal`);
      await expect.poll(() => proposal.locator('.lane-row').count(), WAIT).toBeGreaterThan(0);
      const groupId = MEETING.classes.find((c) => c.name === name)!.class_id;
      const proposed = (await meeting(box)).groups.find((g) => g.group_id === groupId)!.proposed!;
      expect(proposed.map((r) => r.name)).toEqual(['Main']);
      expect(proposed[0]!.lineup).toHaveLength(MEETING.riders.filter((r) => r.class_id === groupId).length);
      expect(await text(proposal.locator('b'))()).toBe('Main');
      // Each rider with a lane select showing the proposed lane, which staff may change before confirming.
      const rows = await proposal.locator('.lane-row').evaluateAll((lis) => lis.map((li) => `Lane ${li.querySelector('select')!.value} ${li.querySelector('.lane-who')!.textContent}`));
      expect(rows).toEqual(proposed[0]!.lineup.map((s) => `Lane ${s.lane} ${plateName(s.rider_id)}`));
      if (name === 'Boys 9') await page.screenshot({ path: `${SHOTS}meeting-mains-proposal-phone.png`, fullPage: true });
      await group.getByRole('button', { name: 'Confirm mains' }).click();
      await expect.poll(text(group.locator('.race-status')), WAIT).toBe('mains confirmed');
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toContain('Mains · 0/3 run');
    await expect.poll(texts(nowNext(page).locator('.now-line > b')), WAIT).toEqual(['Main', 'Main', 'Main']);

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
    await expect.poll(() => section(desktop).getByRole('alert', { name: 'Boys 13 mains warning' }).count(), WAIT).toBe(1);
    await desktop.screenshot({ path: `${SHOTS}meeting-warning-desktop.png`, fullPage: true });

    // The mains, staged from the page like the motos, each named with its class.
    const mains = (await meeting(box)).order.filter((r) => r.name === 'Main');
    expect(mains.map(classOf).sort()).toEqual([...CLASS_NAMES].sort());
    const winners = new Map<string, string[]>();
    for (const main of mains) {
      const result = await ride(main);
      const first = result.race.rows.find((r) => r.place === 1)!;
      winners.set(classOf(main), [rider(first.rider_id).plate, rider(first.rider_id).name]);
    }
    await expect.poll(texts(section(page).locator('.sheet-round > summary')), WAIT).toContain('Mains · 3/3 run');
    await expect.poll(text(nowNext(page)), WAIT).toContain('Nothing left to run in the order.');
    expect(problems).toEqual([]);
    expect(board.problems).toEqual([]);

    // The printed results: each class's result puts its main's winner first; its moto points count the motos, not the main.
    const print = await desktopContext.newPage();
    expect((await print.goto(`${box.url}/results/events/${MEETING.event_id}`))?.status()).toBe(200);
    const runs = (await meeting(box)).order;
    for (const main of mains) {
      const cls = MEETING.classes.find((c) => c.name === classOf(main))!;
      expect(await print.getByRole('heading', { level: 2, name: cls.name, exact: true }).count()).toBe(1);
      const result = print.locator(`section.result[data-class-id="${cls.class_id}"] tbody tr`);
      const first = (await result.first().locator('td').allTextContents()).map((c) => c.trim());
      expect(first).toEqual(['1', winners.get(cls.name)![1], winners.get(cls.name)![0], 'Main']);
      expect(await result.count()).toBe(MEETING.riders.filter((r) => r.class_id === cls.class_id).length);
      const mainRun = runs.find((r) => r.race_id === main.race_id)!.run_race_id!;
      const cells = (await print.locator(`section.race[data-race-id="${mainRun}"] tbody tr`).first().locator('td').allTextContents()).map((c) => c.trim());
      expect(cells.slice(0, 3)).toEqual(['1', winners.get(cls.name)![1], winners.get(cls.name)![0]]);
      const standings = ((await (await fetch(`${box.url}/api/standings?event_id=${MEETING.event_id}&class_id=${cls.class_id}`)).json()) as { standings: { rows: { results: { race_id: string }[] }[] }[] }).standings;
      const motoRuns = new Set(runs.filter((r) => r.class_ids[0] === cls.class_id && r.round !== null).map((r) => r.run_race_id));
      expect(standings[0]!.rows.flatMap((row) => row.results.map((x) => x.race_id)).every((id) => motoRuns.has(id))).toBe(true);
    }
    expect(await print.locator('body').textContent()).toContain(rider('g2').name);
    await print.screenshot({ path: `${SHOTS}meeting-results-desktop.png`, fullPage: true });
    await board.page.goto(`${box.url}/results/events/${MEETING.event_id}`);
    await board.page.screenshot({ path: `${SHOTS}meeting-results-phone.png`, fullPage: true });
    await print.emulateMedia({ media: 'print' });
    const pdf = await print.pdf({ format: 'A4', printBackground: true });
    await writeFile(`${SHOTS}meeting-results.pdf`, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
