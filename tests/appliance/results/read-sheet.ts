/** @module Reads a results page the way a reader sees it: each race's and each standings table's cells by column, as text. */
import { load } from 'cheerio';
import { expect } from 'vitest';

export type SheetRow = Record<string, string>;

function tableRows($: ReturnType<typeof load>, scope: Parameters<ReturnType<typeof load>>[0]): SheetRow[] {
  return $(scope).find('tbody tr').toArray().map((tr) => {
    const row: SheetRow = {};
    for (const td of $(tr).find('td').toArray()) row[($(td).attr('class') ?? '').split(' ')[0]!] = $(td).text();
    return row;
  });
}

export interface ReadSheet {
  title: string;
  h1: string;
  club: string;
  text: string;
  /** Rows of each race section, by race id. */
  races: Map<string, SheetRow[]>;
  /** Rows of each standings section, by class id. */
  standings: Map<string, SheetRow[]>;
  links: string[];
}

export function readSheet(html: string): ReadSheet {
  const $ = load(html);
  const races = new Map($('section.race, section.order').toArray().map((s) => [$(s).attr('data-race-id')!, tableRows($, s)]));
  const standings = new Map($('section.standings').toArray().map((s) => [$(s).attr('data-class-id')!, tableRows($, s)]));
  return {
    title: $('title').text(),
    h1: $('h1').text(),
    club: $('.club').text(),
    text: $('body').text(),
    races,
    standings,
    links: $('a').toArray().map((a) => $(a).attr('href')!),
  };
}

/** A CSV answer as rows of cells keyed by the header (quotes undone; the byte-order mark dropped). */
export function readCsv(text: string): Record<string, string>[] {
  const body = text.replace(/^\uFEFF/, '');
  expect(body.endsWith('\r\n')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted && ch === '"' && body[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === ',' || ch === '\r')) {
      row.push(cell);
      cell = '';
      if (ch === '\r') {
        rows.push(row);
        row = [];
        i++;
      }
    } else {
      cell += ch;
    }
  }
  const [header, ...data] = rows;
  for (const cells of data) expect(cells).toHaveLength(header!.length);
  return data.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i]!])));
}
