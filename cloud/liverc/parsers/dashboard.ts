/** @module The track dashboard (`{slug}.liverc.com/`, §1.4): name, the About address block, and the Lifetime Track Stats. */
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { DashboardPage } from '../types.ts';
import { formatError, loadPage, pageHeader, quote, textOf, type Page, type ParseContext } from './page.ts';
import { parseCount, squish } from './values.ts';

const STATS = { laps: 'laps', 'practice sessions': 'practice_sessions', races: 'races', entries: 'entries', events: 'events' } as const;

interface AddressLine {
  text: string;
  href: string | null;
}

/** The `<address>` block as the lines its `<br>`s make, each with the first link on it. */
function addressLines(page: Page, address: Cheerio<AnyNode>): AddressLine[] {
  const { $ } = page;
  const lines: AddressLine[] = [{ text: '', href: null }];
  for (const node of address.contents().toArray()) {
    const line = lines[lines.length - 1]!;
    if (node.type === 'tag' && node.name === 'br') {
      lines.push({ text: '', href: null });
      continue;
    }
    line.text += $(node).text();
    const href = node.type === 'tag' ? (node.name === 'a' ? $(node).attr('href') : $(node).find('a').first().attr('href')) : undefined;
    if (line.href === null && href !== undefined) line.href = href;
  }
  return lines.map((l) => ({ text: squish(l.text), href: l.href }));
}

/** `P: N/A` and blank labels mean "not given". */
function labelled(lines: AddressLine[], label: 'P' | 'W' | 'E'): AddressLine | null {
  const line = lines.find((l) => l.text.startsWith(`${label}:`));
  if (!line) return null;
  const text = line.text.slice(2).trim();
  return text === '' || /^n\/?a$/i.test(text) ? null : { text, href: line.href };
}

/** E-mail: the link text is entity-encoded (decoded by the parser); `noSpam('user', 'domain')` is the fallback. */
function email(line: AddressLine | null): string | null {
  if (!line) return null;
  if (/^[^\s@]+@[^\s@]+$/.test(line.text)) return line.text;
  const m = /noSpam\(\s*'([^']+)'\s*,\s*'([^']+)'\s*\)/.exec(line.href ?? '');
  return m ? `${m[1]}@${m[2]}` : null;
}

function trackName(page: Page): string | null {
  const title = squish(page.$('title').first().text());
  const parts = title.split(' :: ');
  if (parts.length >= 3 && parts[parts.length - 1] === 'LiveRC' && parts[0] !== '') return parts[0]!;
  const header = pageHeader(page.$, 'h1');
  return header === null ? null : header.replace(/['’]s Dashboard$/i, '');
}

function stats(page: Page): DashboardPage['stats'] {
  const { $ } = page;
  const out: DashboardPage['stats'] = { laps: null, practice_sessions: null, races: null, entries: null, events: null };
  const panel = $('.panel').filter((_, el) => textOf($(el).children('.panel-heading').first()).toLowerCase() === 'lifetime track stats').first();
  if (panel.length === 0) throw formatError(page, 'no "Lifetime Track Stats" panel (not a track dashboard)');
  for (const tr of panel.find('tr').toArray()) {
    const key = STATS[textOf($(tr).children('th').first()).toLowerCase() as keyof typeof STATS];
    if (key === undefined) continue;
    const text = textOf($(tr).children('td').first());
    const value = text === '' ? null : parseCount(text);
    if (text !== '' && value === null) throw formatError(page, `lifetime stat ${key} is not a number: ${quote(text)}`);
    out[key] = value;
  }
  return out;
}

export function parseDashboard(html: string, context: ParseContext = {}): DashboardPage {
  const page = loadPage('dashboard', html, context);
  const { $ } = page;
  if (!/dashboard$/i.test(pageHeader($, 'h1') ?? '')) throw formatError(page, 'no "… Dashboard" h1.page-header (not a track dashboard)');
  const name = trackName(page);
  if (name === null || name === '') throw formatError(page, 'no track name in the title or header');
  const address = $('address').first();
  const lines = address.length === 0 ? [] : addressLines(page, address);
  // Lines: name, street…country, a blank line, then the P:/W:/E: lines.
  const firstLabel = lines.findIndex((l) => /^[PWE]:/.test(l.text));
  const postal = lines.slice(1, firstLabel < 0 ? lines.length : firstLabel).map((l) => l.text).filter((t) => t !== '');
  const website = labelled(lines, 'W');
  return {
    name,
    address: postal.length === 0 ? null : postal.join(', '),
    phone: labelled(lines, 'P')?.text ?? null,
    website: website === null ? null : (website.href ?? website.text),
    email: email(labelled(lines, 'E')),
    stats: stats(page),
  };
}
