/** @module The global track list (`live.liverc.com`, §1.3): slug, name, activity status, last activity and current event of every track row. */
import type { Cheerio } from 'cheerio';
import type { Element } from 'domhandler';
import type { TrackListPage } from '../types.ts';
import { formatError, loadPage, quote, textOf, textWithout, type Page, type ParseContext } from './page.ts';

type Track = TrackListPage['tracks'][number];

const STATUS: Readonly<Record<string, Track['status']>> = { '0': 'idle', '1': 'practice', '2': 'racing' };

/** `//canberraoffroad.liverc.com/` (or `https://…/live/`) → `canberraoffroad`. */
export function slugOf(href: string | undefined): string | null {
  const m = /^(?:https?:)?\/\/([a-z0-9][a-z0-9-]*)\.liverc\.com(?:[/?#]|$)/i.exec(href?.trim() ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The status icon is named `status_0/1/2` (no activity / open practice / racing); `status_video_*`
 * and `status_featured` sit beside it. Either a class token or an image file name carries it.
 */
function status(page: Page, cell: Cheerio<Element>): Track['status'] | null {
  for (const el of cell.find('*').toArray()) {
    const node = page.$(el);
    const token = (node.attr('class') ?? '').split(/\s+/).map((c) => /^status_([012])$/.exec(c)?.[1]).find((d) => d !== undefined);
    const file = /(?:^|\/)status_([012])\.\w+(?:\?|$)/.exec(node.attr('src') ?? '')?.[1];
    const digit = token ?? file;
    if (digit !== undefined) return STATUS[digit]!;
  }
  return null;
}

function columnIndexes(page: Page, table: Cheerio<Element>): { status: number; name: number } {
  const headers = table.find('thead th').toArray().map((th) => textOf(page.$(th)).toLowerCase());
  const found = { status: headers.indexOf('status'), name: headers.indexOf('track name') };
  if (found.status < 0 || found.name < 0) throw formatError(page, 'table.track_list lacks its "Status" and "Track Name" columns');
  return found;
}

export function parseTrackList(html: string, context: ParseContext = {}): TrackListPage {
  const page = loadPage('track-list', html, context);
  const { $ } = page;
  const table = $('table.track_list').first();
  if (table.length === 0) throw formatError(page, 'no table.track_list (not the live.liverc.com track list)');
  const index = columnIndexes(page, table);
  const tracks: Track[] = [];
  const seen = new Set<string>();
  const rows = table.find('tbody tr').toArray().filter((tr) => $(tr).children('td').length > 0);
  for (const [n, tr] of rows.entries()) {
    const where = `track row ${n + 1}`;
    const cells = $(tr).children('td');
    const statusCell = cells.eq(index.status);
    const nameCell = cells.eq(index.name);
    if (nameCell.length === 0) throw formatError(page, `${where} has no "Track Name" cell`);
    const link = nameCell.find('a[href]').first();
    const slug = slugOf(link.attr('href')) ?? slugOf($(tr).attr('data-href'));
    if (slug === null) throw formatError(page, `${where} has no {slug}.liverc.com link`);
    // The same slug can be listed twice; rows are newest activity first, so the first one stands.
    if (seen.has(slug)) continue;
    seen.add(slug);
    const strong = textOf(link.find('strong').first());
    const name = strong !== '' ? strong : textWithout(link, ['.hidden']);
    if (name === '') throw formatError(page, `${where} (${quote(slug)}) has no track name`);
    const state = status(page, statusCell);
    if (state === null) throw formatError(page, `${where} (${quote(slug)}) has no status_0/1/2 icon`);
    const age = textOf(statusCell.find('small small').first());
    const event = textOf(nameCell.find('div.indent').first());
    tracks.push({ slug, name, status: state, last_activity: age === '' ? null : age, current_event: event === '' ? null : event });
  }
  return { tracks };
}
