/** @module The results table of a race page (§1.9): columns found by their header names, one typed row per driver, before lap data is joined in. */
import type { Cheerio } from 'cheerio';
import type { Element } from 'domhandler';
import type { RaceResultRow } from '../types.ts';
import { findFirst, formatError, isElement, quote, textWithout, visibleText, type Page } from './page.ts';
import { parseDecimal, parseDuration, squish } from './values.ts';

export type TableRow = Omit<RaceResultRow, 'lap_times'>;

/** Header text (lower case, `<sup>` notes dropped) → the field it feeds. Order of columns on the page does not matter. */
const COLUMNS = {
  pos: 'position',
  driver: 'driver',
  qual: 'qual',
  'laps/time': 'laps',
  behind: 'behind',
  'fastest lap': 'fastest',
  'avg lap': 'average',
  consistency: 'consistency',
} as const;
type Column = (typeof COLUMNS)[keyof typeof COLUMNS];
const REQUIRED: readonly Column[] = ['position', 'driver', 'laps'];

interface Layout {
  index: Partial<Record<Column, number>>;
  width: number;
}

function headerName(th: Element): string {
  return textWithout(th, ['sup']).toLowerCase();
}

function childCells(tr: Element, name: 'td' | 'th'): Element[] {
  return tr.children.filter((c): c is Element => isElement(c) && c.name === name);
}

/** The header row is the one naming "Pos"; the row above it (colspan=14) carries the race info. */
function layout(page: Page, table: Cheerio<Element>): Layout {
  const rows = table.find('thead tr').toArray();
  const header = rows.map((tr) => childCells(tr, 'th')).find((cells) => cells.some((th) => headerName(th) === 'pos'));
  if (!header) throw formatError(page, 'the results table has no header row with a "Pos" column');
  const index: Layout['index'] = {};
  header.forEach((th, i) => {
    const column = COLUMNS[headerName(th) as keyof typeof COLUMNS];
    if (column !== undefined && index[column] === undefined) index[column] = i;
  });
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length > 0) throw formatError(page, `the results table has no ${missing.map((c) => `"${Object.entries(COLUMNS).find(([, v]) => v === c)![0]}"`).join(', ')} column`);
  return { index, width: header.length };
}

function cellValue(cell: Element): string {
  // Average columns carry the sortable number in a hidden div (`111.828` beside a visible `1:51.828`).
  const hidden = findFirst(cell, ['.hidden']);
  const sortKey = hidden === null ? '' : textWithout(hidden, []);
  return sortKey !== '' ? sortKey : visibleText(cell);
}

function driverName(cell: Element): string {
  const span = findFirst(cell, ['.driver_name']);
  if (span !== null) return textWithout(span, []);
  // Some pages print "qual# NAME" in the cell instead of spans (§1.9).
  return textWithout(cell, ['.car_num', 'a', 'small', '.hidden']).replace(/^\d+\s+/, '');
}

function driverId(tr: Element): string {
  const link = findFirst(tr, ['.driver_laps']);
  const id = link?.attribs['data-driver-id'];
  if (id !== undefined) return id.trim();
  // The id could move off the "View Laps" link; any element carrying it will do.
  const stack: Element[] = [tr];
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    const value = el.attribs['data-driver-id'];
    if (value !== undefined) return value.trim();
    for (const child of el.children) if (isElement(child)) stack.push(child);
  }
  return '';
}

function parseRow(page: Page, layout: Layout, tr: Element, rowNumber: number): TableRow {
  const cells = childCells(tr, 'td');
  const where = `results row ${rowNumber}`;
  if (cells.length !== layout.width) throw formatError(page, `${where} has ${cells.length} cells, the header has ${layout.width}`);
  const cell = (column: Column) => {
    const i = layout.index[column];
    return i === undefined ? undefined : cells[i];
  };
  const text = (column: Column) => {
    const c = cell(column);
    return c === undefined ? '' : cellValue(c);
  };
  const bad = (column: string, value: string) => formatError(page, `${where}: ${column} is not understood: ${quote(value)}`);

  const position = Number(text('position'));
  if (!/^\d+$/.test(text('position')) || position < 1) throw bad('Pos', text('position'));
  const name = driverName(cell('driver')!);
  if (name === '') throw formatError(page, `${where} has no driver name`);
  const id = driverId(tr);
  if (id !== '' && !/^\d+$/.test(id)) throw bad('data-driver-id', id);

  const qualText = text('qual');
  const qual = qualText === '' ? null : /^\d+$/.test(qualText) ? Number(qualText) : null;
  if (qualText !== '' && qual === null) throw bad('Qual', qualText);

  const lapsText = squish(text('laps'));
  const lapsMatch = /^(\d+)(?:\s*\/\s*(\S+))?$/.exec(lapsText);
  if (!lapsMatch) throw bad('Laps/Time', lapsText);
  const total = lapsMatch[2] === undefined ? null : parseDuration(lapsMatch[2]);
  if (lapsMatch[2] !== undefined && total === null) throw bad('Laps/Time', lapsText);

  const behindText = text('behind');
  const behindLaps = /^(\d+)\s+laps?$/i.exec(behindText);
  const behindSeconds = behindText === '' || behindLaps ? null : parseDuration(behindText);
  if (behindText !== '' && !behindLaps && behindSeconds === null) throw bad('Behind', behindText);

  const fastCell = cell('fastest');
  const fastText = fastCell === undefined ? '' : textWithout(fastCell, ['sup', '.hidden']);
  const sup = fastCell === undefined ? null : findFirst(fastCell, ['sup']);
  const fastLapText = sup === null ? '' : textWithout(sup, []);
  const fast = fastText === '' ? null : parseDuration(fastText);
  if (fastText !== '' && fast === null) throw bad('Fastest Lap', fastText);
  if (fastLapText !== '' && !/^\d+$/.test(fastLapText)) throw bad('Fastest Lap number', fastLapText);

  const avgText = text('average');
  const avg = avgText === '' ? null : parseDuration(avgText);
  if (avgText !== '' && avg === null) throw bad('Avg Lap', avgText);
  const consistencyText = text('consistency');
  const consistency = consistencyText === '' ? null : parseDecimal(consistencyText);
  if (consistencyText !== '' && consistency === null) throw bad('Consistency', consistencyText);

  return {
    position,
    source_driver_id: id === '' ? null : id,
    driver_name: name,
    qual_position: qual,
    laps: Number(lapsMatch[1]),
    total_time_seconds: total,
    behind: behindLaps ? { laps: Number(behindLaps[1]) } : behindSeconds === null ? null : { seconds: behindSeconds },
    fast_lap_seconds: fast,
    fast_lap_number: fastLapText === '' ? null : Number(fastLapText),
    avg_lap_seconds: avg,
    consistency_pct: consistency,
  };
}

/** Every driver row of `table.race_result`, in page (finishing) order. */
export function readRaceTable(page: Page, table: Cheerio<Element>): TableRow[] {
  const columns = layout(page, table);
  const rows = table.find('tr').toArray().filter((tr) => childCells(tr, 'td').length > 0);
  return rows.map((tr, i) => parseRow(page, columns, tr, i + 1));
}
