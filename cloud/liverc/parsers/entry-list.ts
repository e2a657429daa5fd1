/** @module The entry list (`view_entry_list`, §1.7): per class, each driver as displayed, their hidden `SURNAME, FIRST` sort name, and transponder. */
import type { Cheerio } from 'cheerio';
import type { Element } from 'domhandler';
import type { EntryListPage } from '../types.ts';
import { formatError, loadPage, quote, textOf, textWithout, type Page, type ParseContext } from './page.ts';

type ClassEntries = EntryListPage['classes'][number];
type Entry = ClassEntries['entries'][number];

/** Columns of the second header row, by name: "#" is a running number per class, not a car number, so it is not read. */
function columns(page: Page, table: Cheerio<Element>, className: string): { driver: number; transponder: number | null } {
  const { $ } = page;
  for (const tr of table.find('thead tr').toArray()) {
    const names = $(tr).children('th').toArray().map((th) => textOf($(th)).toLowerCase());
    const driver = names.indexOf('driver');
    if (driver < 0) continue;
    const transponder = names.findIndex((n) => n.startsWith('transponder'));
    return { driver, transponder: transponder < 0 ? null : transponder };
  }
  throw formatError(page, `class ${quote(className)} has no "Driver" column`);
}

function entry(page: Page, tr: Element, index: { driver: number; transponder: number | null }, where: string): Entry {
  const { $ } = page;
  const cells = $(tr).children('td');
  const cell = cells.eq(index.driver);
  if (cell.length === 0) throw formatError(page, `${where} has no driver cell`);
  // Reading the cell's whole text would give "BRATTON, RICHARDRICHARD BRATTON" (§1.7).
  const hidden = textOf(cell.find('.hidden').first());
  const name = textWithout(cell, ['.hidden']);
  if (name === '') throw formatError(page, `${where} has no driver name`);
  const transponder = index.transponder === null ? '' : textOf(cells.eq(index.transponder));
  return { driver_name: name, sort_name: hidden === '' ? null : hidden, transponder: transponder === '' ? null : transponder };
}

/** A class table: thead row 1 holds `div.class_header` (the name) and `div.class_sub_header` ("Entries: 30"). */
function classTable(page: Page, table: Cheerio<Element>): ClassEntries {
  const { $ } = page;
  const className = textOf(table.find('thead div.class_header').first());
  if (className === '') throw formatError(page, 'a class table has no div.class_header');
  const index = columns(page, table, className);
  const rows = table.find('tbody tr').toArray().filter((tr) => $(tr).children('td').length > 1);
  const entries = rows.map((tr, i) => entry(page, tr, index, `class ${quote(className)} row ${i + 1}`));
  return { class_name: className, entries };
}

export function parseEntryList(html: string, context: ParseContext = {}): EntryListPage {
  const page = loadPage('entry-list', html, context);
  const { $ } = page;
  const tables = $('table')
    .filter((_, el) => $(el).find('thead div.class_header').length > 0)
    .toArray();
  if (tables.length === 0) throw formatError(page, 'no class table with a div.class_header (not an entry list page)');
  return { classes: tables.map((table) => classTable(page, $(table))) };
}
