/** @module The race result page (`view_race_result`): race header, results table and `racerLaps`, joined per driver and checked against each other. */
import type { RaceResultPage, RaceResultRow } from '../types.ts';
import { formatError, loadPage, pageError, quote, textOf, type Page, type ParseContext } from './page.ts';
import { racerLapsScript, readRacerLaps, type RacerLaps } from './racer-laps.ts';
import { readRaceTable, type TableRow } from './race-table.ts';
import { parseRaceLength, squish } from './values.ts';

/** Case, spacing and apostrophe style differ between the table and the script (§4); none of them tells drivers apart. */
export function normaliseName(name: string): string {
  return squish(name.replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")).toUpperCase();
}

function subHeaders(page: Page): { round: string | null; length: number | null } {
  const { $ } = page;
  let round: string | null = null;
  let length: number | null = null;
  for (const span of $('table.race_result span.class_sub_header').toArray()) {
    const text = textOf($(span));
    const m = /^(round|length):\s*(.*)$/i.exec(text);
    if (!m) continue;
    const value = m[2]!;
    if (m[1]!.toLowerCase() === 'round') round = value === '' ? null : value;
    else if (/^\d+\s+laps?$/i.test(value) || value === '') length = null;
    else {
      length = parseRaceLength(value);
      if (length === null) throw formatError(page, `race length is not understood: ${quote(text)}`);
    }
  }
  return { round, length };
}

/** The racerLaps block for a row: by the row's id, else (DNS rows carry none) by a unique unclaimed driver name. */
function blockFor(row: TableRow, blocks: Map<string, RacerLaps>, claimed: Set<string>): RacerLaps | undefined {
  if (row.source_driver_id !== null) return blocks.get(row.source_driver_id);
  const name = normaliseName(row.driver_name);
  const matches = [...blocks.values()].filter((b) => !claimed.has(b.driverId) && normaliseName(b.driverName) === name);
  // Two unclaimed blocks with one name (MRE L4, same-name drivers): guessing would swap their laps.
  return matches.length === 1 ? matches[0] : undefined;
}

function joinLaps(page: Page, rows: TableRow[], blocks: Map<string, RacerLaps>): RaceResultRow[] {
  const claimed = new Set<string>();
  for (const row of rows) {
    if (row.source_driver_id === null) continue;
    if (claimed.has(row.source_driver_id)) throw formatError(page, `driver id ${row.source_driver_id} appears on two rows of the results table`);
    claimed.add(row.source_driver_id);
  }
  const results: RaceResultRow[] = [];
  for (const row of rows) {
    const block = blockFor(row, blocks, claimed);
    if (block) claimed.add(block.driverId);
    const id = row.source_driver_id ?? block?.driverId ?? null;
    const who = `${quote(row.driver_name)} (${id ?? 'no driver id'}, position ${row.position})`;
    if (block && normaliseName(block.driverName) !== normaliseName(row.driver_name)) {
      throw formatError(page, `racerLaps[${block.driverId}] is for ${quote(block.driverName)} but the results table gives that id to ${who}`);
    }
    const laps = block?.laps ?? [];
    if (laps.length !== row.laps) {
      throw pageError(page, 'missing_lap_data', `${who} has ${row.laps} laps in the results table but ${block ? laps.length : 'no racerLaps block and so 0'} in racerLaps`);
    }
    laps.forEach((lap, i) => {
      if (lap.lap !== i + 1) throw pageError(page, 'missing_lap_data', `${who}: racerLaps lap ${i + 1} is numbered ${lap.lap} (laps must run 1…${row.laps})`);
    });
    results.push({ ...row, source_driver_id: id, lap_times: laps.map((l) => ({ lap: l.lap, position: l.position, seconds: l.seconds })) });
  }
  // A lapless block nobody claimed only loses an id (same-name non-starters); laps nobody claimed lose data.
  const orphans = [...blocks.values()].filter((b) => !claimed.has(b.driverId) && b.laps.length > 0);
  if (orphans.length > 0) {
    throw pageError(page, 'missing_lap_data', `racerLaps has laps for ${orphans.length} driver(s) missing from the results table: ${orphans.map((b) => `${quote(b.driverName)} (${b.driverId})`).join(', ')}`);
  }
  return results;
}

export function parseRaceResult(html: string, context: ParseContext = {}): RaceResultPage {
  const page = loadPage('race-result', html, context);
  const { $ } = page;
  const tables = $('table.race_result');
  if (tables.length === 0) throw formatError(page, 'no table.race_result (not a race result page)');
  if (tables.length > 1) throw formatError(page, `${tables.length} race_result tables where one was expected`);
  const table = tables.first();
  const className = textOf(table.find('span.class_header').first());
  if (className === '') throw formatError(page, 'the results table has no span.class_header (class and heat name)');
  const { round, length } = subHeaders(page);
  const rows = readRaceTable(page, table);

  const script = racerLapsScript($);
  const blocks = script === null ? new Map<string, RacerLaps>() : readRacerLaps(page, script);
  return { class_name: className, round, length, results: joinLaps(page, rows, blocks) };
}
