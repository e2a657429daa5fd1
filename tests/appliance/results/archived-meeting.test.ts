/**
 * @module An archived race meeting prints as it did on the day: a BMX meeting with its main and an RC
 * meeting with qualifying and mains, run on a real log and engine store, archived by the next day's
 * event; the moto sheet, heat list, results sheet and CSV answer the same after, across a restart, and
 * `mre appliance replay` finds the archived meeting equal to the rebuild.
 */
import { join } from 'node:path';
import { load } from 'cheerio';
import { Level } from 'level';
import type { Hono } from 'hono';
import { afterEach, expect, it } from 'vitest';
import { verifyReplay } from '../../../appliance/race/replay.ts';
import { ARCHIVE_IDLE_US } from '../../../shared/race/index.ts';
import { dayEvent } from '../../unit/race/meeting-run/meeting-day.ts';
import { BoxMeetingDay } from './meeting-box.ts';
import { readCsv, readSheet } from './read-sheet.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** Six girls 10: three motos, every rider transfers to one main. */
async function bmxMeeting(day: BoxMeetingDay): Promise<void> {
  await day.setUp(dayEvent('bmx-day', [{ class_id: 'g10', riders: 6 }], 'finish'));
  await day.intent('meeting.setup', { event_id: 'bmx-day', bmx: { classes: [{ class_id: 'g10' }] } });
  await day.intent('meeting.draw_motos', { event_id: 'bmx-day' });
  for (let i = 0; i < 3; i++) await day.runMoto(await day.stageNext('bmx-day'));
  await day.intent('meeting.propose_mains', { event_id: 'bmx-day', group_id: 'g10' });
  await day.intent('meeting.confirm_mains', { event_id: 'bmx-day', group_id: 'g10' });
  await day.runMoto(await day.stageNext('bmx-day'));
}

/** Eight buggies ranked by round points over two rounds, then a B-main whose winner bumps into the A-main. */
async function rcMeeting(day: BoxMeetingDay): Promise<void> {
  await day.setUp(dayEvent('rc-day', [{ class_id: 'buggy', riders: 8 }], 'lap'));
  const rc = { classes: [{ class_id: 'buggy', qualifying_rounds: 2, heat_size: 8, main_size: 5, bumps: 1, qualifying_ms: 60_000, main_ms: 120_000, ranking: { kind: 'round_points', count: 1 } }] };
  await day.intent('meeting.setup', { event_id: 'rc-day', rc });
  for (let i = 0; i < 2; i++) await day.runHeat(await day.stageNext('rc-day'), 60);
  await day.intent('meeting.propose_mains', { event_id: 'rc-day', group_id: 'buggy' });
  await day.intent('meeting.confirm_mains', { event_id: 'rc-day', group_id: 'buggy' });
  for (let i = 0; i < 2; i++) await day.runHeat(await day.stageNext('rc-day'), 120);
}

const PAGES = ['', '.csv', '/motos', '/motos.csv', '/classes/g10', '/classes/buggy'];

async function pages(app: Hono): Promise<Map<string, { status: number; text: string }>> {
  const out = new Map<string, { status: number; text: string }>();
  for (const event of ['bmx-day', 'rc-day']) {
    for (const page of PAGES) {
      if (page.startsWith('/classes/') && !page.endsWith(event === 'bmx-day' ? 'g10' : 'buggy')) continue;
      const response = await app.request(`/results/events/${event}${page}`);
      out.set(`${event}${page}`, { status: response.status, text: await response.text() });
    }
  }
  return out;
}

/** The one line that says whether a sheet is live or final; everything else must print the same. */
const STATE_LINE = /<p class="meta">(Results as they stand|Final results|Drawn with seed|Final: this event is archived)[^<]*<\/p>/;

/** A section's table rows as cell texts by column. */
function section(html: string, selector: string): Record<string, string>[] {
  const $ = load(html);
  return $(selector).find('tbody tr').toArray().map((tr) => Object.fromEntries($(tr).find('td').toArray().map((td) => [($(td).attr('class') ?? '').split(' ')[0]!, $(td).text()])));
}

it('results sheets - an archived BMX and RC meeting keep their moto sheet, heat list, mains and qualifying order: sheets and CSV as before the archive, across a restart, and replay equal', async () => {
  const day = await BoxMeetingDay.open(cleanups);
  await bmxMeeting(day);
  await rcMeeting(day);
  const liveMeetings = { bmx: day.engine.meeting('bmx-day')!, rc: day.engine.meeting('rc-day')! };
  expect(liveMeetings.bmx.groups[0]!.results).toHaveLength(6);
  expect(liveMeetings.rc.groups[0]!.results).toHaveLength(8);
  const before = await pages(day.app());
  for (const [path, page] of before) expect([path, page.status]).toEqual([path, 200]);

  // What the day printed: the main's result and the moto sheet's main; the RC result, mains and qualifying order (TQ first).
  const bmxSheet = before.get('bmx-day')!.text;
  expect(section(bmxSheet, 'section.result').map((r) => r.race)).toEqual(Array(6).fill('Main'));
  expect(readSheet(before.get('bmx-day/motos')!.text).races.size).toBe(4);
  expect(before.get('bmx-day/motos')!.text).toContain('<h2>Mains</h2>');
  const rcSheet = before.get('rc-day')!.text;
  expect(section(rcSheet, 'section.result').map((r) => r.race)).toEqual([...Array(5).fill('A-Main'), ...Array(3).fill('B-Main')]);
  const qualifying = section(rcSheet, 'section.qualifying');
  expect(qualifying.map((r) => [r.position, r.status, r.result])).toEqual(liveMeetings.rc.groups[0]!.rc_ranking!.map((r, i) => [String(i + 1), i === 0 ? 'TQ' : '', r.result_text]));
  expect(qualifying[0]!.result).toBe('100 pts');
  expect(readSheet(before.get('rc-day/motos')!.text).h1).toBe('Meeting rc-day: heat list');
  expect(readCsv(before.get('rc-day.csv')!.text).filter((r) => r.section === 'qualifying').map((r) => r.rider_id)).toEqual(liveMeetings.rc.groups[0]!.rc_ranking!.map((r) => r.rider_id));

  day.t += ARCHIVE_IDLE_US + 3600e6;
  await day.setUp({ ...dayEvent('next-day', [], 'finish'), name: 'Next day' });
  expect([day.engine.event('bmx-day'), day.engine.event('rc-day')]).toEqual([undefined, undefined]);

  const check = async () => {
    const app = day.app();
    const after = await pages(app);
    for (const [path, page] of before) {
      expect([path, after.get(path)!.status]).toEqual([path, 200]);
      if (path.endsWith('.csv')) expect([path, after.get(path)!.text]).toEqual([path, page.text]);
      else expect([path, after.get(path)!.text.replace(STATE_LINE, '')]).toEqual([path, page.text.replace(STATE_LINE, '')]);
    }
    expect(after.get('bmx-day')!.text).toContain('Final results: this event is archived on the box.');
    expect(after.get('bmx-day/motos')!.text).toContain('Final: this event is archived on the box');
    // The sheets reach each other: the results link the meeting's sheet by its name.
    expect(load(after.get('bmx-day')!.text)('nav a[href="/results/events/bmx-day/motos"]').text()).toBe('Moto sheet');
    expect(load(after.get('rc-day')!.text)('nav a[href="/results/events/rc-day/motos"]').text()).toBe('Heat list');
    for (const [id, meeting] of [['bmx-day', liveMeetings.bmx], ['rc-day', liveMeetings.rc]] as const) {
      const response = await app.request(`/api/events/${id}/meeting`);
      expect(await response.json()).toEqual({ meeting, archived: true });
    }
  };
  await check();
  await day.restart();
  await check();
  await day.stop();
  expect(await verifyReplay(day.dir)).toMatchObject({ equal: true, archived: 2, first_difference: null });

  // The meeting's record is compared like the rest of the archive: one that differs from the rebuild is named.
  const store = new Level<string, string>(join(day.dir, 'engine'));
  await store.open();
  await store.put('a!m!rc-day', (await store.get('a!m!rc-day'))!.replace('"A-Main"', '"Z-Main"'));
  await store.close();
  expect(await verifyReplay(day.dir)).toMatchObject({ equal: false, first_difference: { key: 'a!m!rc-day' } });
}, 120_000);
