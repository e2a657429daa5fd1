/** @module A track's events list (`/events/`, §1.5): every event row of `table#events`, with its start day and counts. */
import type { EventListPage } from '../types.ts';
import { formatError, loadPage, queryParam, quote, textOf, visibleText, type ParseContext } from './page.ts';
import { parseCount, parseDate, parseIsoDate } from './values.ts';

type EventRow = EventListPage['events'][number];

const COLUMNS = ['event name', 'date', '# entries', '# drivers'] as const;

export function parseEventList(html: string, context: ParseContext = {}): EventListPage {
  const page = loadPage('event-list', html, context);
  const { $ } = page;
  const table = $('table#events').first();
  if (table.length === 0) throw formatError(page, 'no table#events (not an events list page)');
  const headers = table.find('thead th').toArray().map((th) => textOf($(th)).toLowerCase());
  const index = Object.fromEntries(COLUMNS.map((name) => [name, headers.indexOf(name)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((name) => index[name] < 0);
  if (missing.length > 0) throw formatError(page, `table#events has no ${missing.map((m) => `"${m}"`).join(', ')} column`);

  const events: EventRow[] = [];
  const rows = table.find('tbody tr').toArray();
  for (const [n, tr] of rows.entries()) {
    const cells = $(tr).children('td');
    const where = `events row ${n + 1}`;
    if (cells.length !== headers.length) throw formatError(page, `${where} has ${cells.length} cells, the header has ${headers.length}`);
    const link = cells.eq(index['event name']).find('a[href*="view_event"]').first();
    const id = queryParam(link.attr('href'), 'id');
    if (id === null || !/^\d+$/.test(id)) throw formatError(page, `${where} has no view_event link with a numeric id`);
    const dateCell = cells.eq(index.date);
    // The hidden span is the sortable local start (`2025-11-16 08:30:00`); the visible text is its day.
    const date = parseIsoDate(textOf(dateCell.find('.hidden').first())) ?? parseDate(visibleText(dateCell));
    if (date === null) throw formatError(page, `${where}: date is not understood: ${quote(visibleText(dateCell))}`);
    const count = (column: '# entries' | '# drivers') => {
      const text = textOf(cells.eq(index[column]));
      const value = text === '' ? null : parseCount(text);
      if (text !== '' && value === null) throw formatError(page, `${where}: ${column} is not a number: ${quote(text)}`);
      return value;
    };
    events.push({ source_event_id: id, name: textOf(link), date, entries: count('# entries'), drivers: count('# drivers') });
  }
  return { events };
}
