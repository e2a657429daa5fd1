/** @module The event page (`view_event`, §1.6): name, one- or multi-day dates, registrations, total laps, and every race by section with its completion time. */
import type { CheerioAPI } from 'cheerio';
import type { EventPage } from '../types.ts';
import { formatError, loadPage, pageHeader, queryParam, quote, textOf, type Page, type ParseContext } from './page.ts';
import { parseCount, parseDate, parseDateRange, parseDateTime } from './values.ts';

type Race = EventPage['races'][number];

/**
 * `Race 14: 1/8 Nitro Buggy (1/8 Nitro Buggy A-Main)` → class `1/8 Nitro Buggy`. The heat part
 * can hold its own parentheses (`(1/8 Electric Buggy  (Heat 1/3))`) and a class name could too,
 * so the split chosen is the one whose bracketed part starts with the class, else the first.
 */
export function raceClassName(label: string): string {
  const body = label.replace(/^Race\s+\d+\s*:\s*/i, '');
  if (!body.endsWith(')')) return body;
  const splits: string[] = [];
  for (let at = body.indexOf(' ('); at > 0; at = body.indexOf(' (', at + 1)) splits.push(body.slice(0, at).trim());
  return splits.find((cls) => body.slice(cls.length).trim().slice(1).startsWith(cls)) ?? splits[0] ?? body;
}

/** The Event Stats card: `th` label → the `td` beside it. */
function statsCell($: CheerioAPI, label: string): string | null {
  const th = $('th').filter((_, el) => textOf($(el)).toLowerCase() === label).first();
  if (th.length === 0) return null;
  return textOf(th.siblings('td').first());
}

function registrations(page: Page): { entries: number | null; drivers: number | null } {
  const text = statsCell(page.$, 'registrations') ?? '';
  const count = (name: string) => {
    const m = new RegExp(`${name}:\\s*([\\d,]+)`, 'i').exec(text);
    return m ? parseCount(m[1]!) : null;
  };
  return { entries: count('entries'), drivers: count('drivers') };
}

function completedAt(page: Page, text: string): string | null {
  if (text === '') return null;
  const at = parseDateTime(text);
  if (at !== null) return at;
  // A bare date (MRE accepts it) has no time of day to report: null rather than a made-up 00:00.
  if (parseDate(text) !== null) return null;
  throw formatError(page, `race completion time is not understood: ${quote(text)}`);
}

function races(page: Page): Race[] {
  const { $ } = page;
  const table = $('table.entry_list_data')
    .filter((_, el) => textOf($(el).find('thead').first()).toLowerCase() === 'race results')
    .first();
  if (table.length === 0) return [];
  const out: Race[] = [];
  let section: string | null = null;
  for (const tr of table.find('tbody tr').toArray()) {
    const row = $(tr);
    const heading = row.children('th').first();
    if (heading.length > 0) {
      section = textOf(heading);
      continue;
    }
    const link = row.find('a[href*="view_race_result"]').first();
    if (link.length === 0) continue;
    const id = queryParam(link.attr('href'), 'id');
    const label = textOf(link);
    if (id === null || !/^\d+$/.test(id)) throw formatError(page, `race link ${quote(label)} has no numeric id`);
    if (section === null) throw formatError(page, `race ${quote(label)} is listed before any section heading`);
    const time = textOf(row.children('td').eq(1));
    out.push({ source_race_id: id, label, class_name: raceClassName(label), section, completed_at: completedAt(page, time) });
  }
  return out;
}

export function parseEvent(html: string, context: ParseContext = {}): EventPage {
  const page = loadPage('event', html, context);
  const { $ } = page;
  if ($('table.entry_list_data').length === 0) throw formatError(page, 'no table.entry_list_data (not an event page)');
  const name = pageHeader($, 'h3');
  if (name === null) throw formatError(page, 'no event name (h3.page-header)');
  const dateText = pageHeader($, 'h5') ?? '';
  const dates = parseDateRange(dateText);
  if (dates === null) throw formatError(page, `event date is not understood: ${quote(dateText)}`);
  const laps = statsCell($, 'total race laps');
  const totalLaps = laps === null || laps === '' ? null : parseCount(laps);
  if (laps !== null && laps !== '' && totalLaps === null) throw formatError(page, `total race laps is not a number: ${quote(laps)}`);
  return {
    name,
    date_start: dates.start,
    date_end: dates.end,
    ...registrations(page),
    total_race_laps: totalLaps,
    races: races(page),
  };
}
