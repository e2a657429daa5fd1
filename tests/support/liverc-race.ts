/** @module A saved LiveRC race page as a timed race to replay: its drivers, each driver's racerLaps as crossings of a mass start, and the page's results table as the figures the engine must print. */
import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { parseRaceResult } from '../../cloud/liverc/parsers/index.ts';
import type { RaceResultPage } from '../../cloud/liverc/types.ts';
import type { TimedRow } from '../../shared/race/index.ts';
import { sharedPath } from './shared-fixtures.ts';

/** Every saved race result page (the reformatted copies hold the same laps in another serialisation). */
export const RACE_PAGES = [
  'fixtures/liverc/race-result-6304829.html',
  'fixtures/liverc/race-result-6304829.reformatted.html',
  'fixtures/liverc/race-result-6304830.html',
  'fixtures/liverc/race-result-6304830.reformatted.html',
] as const;

export const PAGE_EVENT = 'liverc-replay';
export const PAGE_RACE = 'main';

export interface PageDriver {
  rider_id: string;
  name: string;
  transponder: number;
  /** Grid slot (Qual): the lineup is staged in this order. */
  qual: number | null;
}

export interface PageRace {
  page: RaceResultPage;
  /** One per row of the results table, in row order. */
  drivers: PageDriver[];
  /** Every crossing of the race, in time order: µs after the start signal. */
  crossings: { transponder: number; after_start_us: number }[];
  /** The Laps/Time and Behind cells exactly as the page prints them, in row order. */
  printed: { laps_time: string; behind: string }[];
}

/** The printed text of the Laps/Time and Behind cells, found by their header names. */
function printedCells(html: string): PageRace['printed'] {
  const $ = load(html);
  const table = $('table.race_result').first();
  const headers = table.find('thead tr').last().find('th').toArray().map((th) => $(th).text().trim().toLowerCase());
  const lapsAt = headers.indexOf('laps/time');
  const behindAt = headers.indexOf('behind');
  return table.find('tbody tr').toArray().map((tr) => {
    const cells = $(tr).children('td').toArray().map((td) => $(td).text().trim());
    return { laps_time: cells[lapsAt]!, behind: cells[behindAt]! };
  });
}

/**
 * Lap k of a driver ends at the sum of laps 1..k after the start signal: racerLaps' lap 1 is
 * timed from the start (lap 0 is the grid, time 0), as a mass start's first lap is.
 */
export function pageRace(relative: string): PageRace {
  const html = readFileSync(sharedPath(relative), 'utf8');
  const page = parseRaceResult(html);
  const drivers: PageDriver[] = [];
  const crossings: PageRace['crossings'] = [];
  page.results.forEach((row, i) => {
    const driver = { rider_id: `d${row.source_driver_id ?? `row${i + 1}`}`, name: row.driver_name, transponder: 4_100_001 + i, qual: row.qual_position };
    drivers.push(driver);
    let atMs = 0;
    for (const lap of row.lap_times) {
      atMs += Math.round(lap.seconds * 1000);
      crossings.push({ transponder: driver.transponder, after_start_us: atMs * 1000 });
    }
  });
  crossings.sort((a, b) => a.after_start_us - b.after_start_us || a.transponder - b.transponder);
  return { page, drivers, crossings, printed: printedCells(html) };
}

export function pageEventSetup(race: PageRace, decoders: { decoder_id: number; role: 'lap'; clock_offset_us?: number }[] = []) {
  return {
    event_id: PAGE_EVENT,
    name: 'LiveRC page replayed',
    classes: [{ class_id: 'main', name: race.page.class_name.slice(0, 60), format: 'timed' }],
    riders: race.drivers.map((d) => ({ rider_id: d.rider_id, name: d.name, class_id: 'main', transponders: [d.transponder] })),
    decoders,
  };
}

/** A mass start of the page's length; overtime long enough for the slowest last lap on the page (over 100 s). */
export function pageStage(race: PageRace) {
  return {
    event_id: PAGE_EVENT,
    race_id: PAGE_RACE,
    class_id: 'main',
    format: 'timed',
    start_mode: 'mass',
    duration_ms: race.page.length! * 1000,
    overtime_ms: 600_000,
    lineup: [...race.drivers].sort((a, b) => (a.qual ?? Infinity) - (b.qual ?? Infinity)).map((d) => ({ rider_id: d.rider_id })),
  };
}

/** The figures of each row of the page's results table, in the engine's row fields. */
export function pageFigures(race: PageRace) {
  return race.page.results.map((row, i) => ({
    position: row.position,
    rider_id: race.drivers[i]!.rider_id,
    laps: row.laps,
    total_ms: row.total_time_seconds === null ? null : Math.round(row.total_time_seconds * 1000),
    result_text: race.printed[i]!.laps_time,
    behind_laps: row.behind === null ? (row.position === 1 ? null : 0) : 'laps' in row.behind ? row.behind.laps : 0,
    behind_ms: row.behind !== null && 'seconds' in row.behind ? Math.round(row.behind.seconds * 1000) : null,
    behind_text: race.printed[i]!.behind,
    best_lap_ms: row.fast_lap_seconds === null ? null : Math.round(row.fast_lap_seconds * 1000),
    best_lap_number: row.fast_lap_number,
    avg_lap_ms: row.avg_lap_seconds === null ? null : Math.round(row.avg_lap_seconds * 1000),
    consistency_pct: row.consistency_pct,
  }));
}

/** The same fields of the engine's rows, in running order. */
export function engineFigures(rows: readonly TimedRow[]) {
  return [...rows].sort((a, b) => a.position - b.position).map((r) => ({
    position: r.position,
    rider_id: r.rider_id,
    laps: r.laps,
    total_ms: r.total_ms,
    result_text: r.result_text,
    behind_laps: r.behind_laps,
    behind_ms: r.behind_ms,
    behind_text: r.behind_text,
    best_lap_ms: r.best_lap_ms,
    best_lap_number: r.best_lap_number,
    avg_lap_ms: r.avg_lap_ms,
    consistency_pct: r.consistency_pct,
  }));
}
