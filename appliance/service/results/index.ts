/**
 * @module Results sheets on the box: printable pages and CSV per event, class and race, and the
 * running order and the meeting's moto sheet for staging, at `/results/…` (docs/race-api.md "Results sheets"). Server-rendered
 * from the engine (live events) and the engine store (archived ones); no script.
 */
import type { Context, Hono } from 'hono';
import { TOKEN_PATTERN } from '../../../shared/contracts/index.ts';
import type { RaceEngine } from '../../../shared/race/index.ts';
import type { RaceHost } from '../../race/race-host.ts';
import { eventCsv, eventSheet } from './event-sheet.ts';
import type { Html } from './html.ts';
import { indexCsv, indexSheet } from './index-sheet.ts';
import { notFoundPage, type SheetContext } from './layout.ts';
import { localTime } from './local-time.ts';
import { motoSheet, motoSheetCsv } from './moto-sheet.ts';
import { PRINT_CSS } from './print-css.ts';
import { raceCsv, raceSheet } from './race-sheet.ts';
import { runningOrderCsv, runningOrderSheet } from './running-order.ts';
import { resultsSource } from './source.ts';

export interface ResultsDeps {
  engine: RaceEngine;
  archive: RaceHost['archive'];
  /** `club.name`: printed at the top of every sheet. */
  clubName?: string | null | undefined;
  /** `club.time_zone`; the box's own zone when not given. */
  timeZone?: string | undefined;
  /** Box clock in ms, for the "made at" line. */
  now?: () => number;
}

/** `r1.csv` → `{id: 'r1', csv: true}`; `?format=csv` does the same. */
function target(c: Context, param: string): { id: string; csv: boolean } {
  const value = c.req.param(param) ?? '';
  const suffixed = value.endsWith('.csv');
  return { id: suffixed ? value.slice(0, -4) : value, csv: suffixed || c.req.query('format') === 'csv' };
}

const NO_STORE = { 'Cache-Control': 'no-store' };

function csvResponse(c: Context, text: string, name: string): Response {
  return c.body(text, 200, { ...NO_STORE, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` });
}

export function mountResults(app: Hono, deps: ResultsDeps): void {
  const source = resultsSource(deps.engine, deps.archive);
  const time = localTime(deps.timeZone);
  const now = deps.now ?? Date.now;
  const ctx = (): SheetContext => ({ club: deps.clubName ?? null, time, nowUs: now() * 1000 });
  const sheet = (c: Context, body: Html) => c.html(body.text, 200, NO_STORE);
  /** An unknown id answers a page that names it (plain text for a CSV request), so a mistyped link says what is wrong. */
  const missing = (c: Context, what: string, csv: boolean) =>
    csv ? c.text(`no ${what} on this box\n`, 404, NO_STORE) : c.html(notFoundPage(ctx(), what).text, 404, NO_STORE);
  const named = (kind: string, id: string) => `${kind} “${id}”`;
  const eventFor = async (id: string) => (TOKEN_PATTERN.test(id) ? source.event(id) : undefined);

  app.get('/results/print.css', (c) => c.body(PRINT_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.get('/results', (c) => c.redirect('/results/', 301));
  app.get('/results.csv', async (c) => csvResponse(c, indexCsv(await source.events()), 'events'));
  app.get('/results/', async (c) => {
    const events = await source.events();
    return c.req.query('format') === 'csv' ? csvResponse(c, indexCsv(events), 'events') : sheet(c, indexSheet(ctx(), events));
  });

  app.get('/results/events/:event', async (c) => {
    const { id, csv } = target(c, 'event');
    const results = await eventFor(id);
    if (!results) return missing(c, named('event', id), csv);
    return csv ? csvResponse(c, eventCsv(results)!, `${id}-results`) : sheet(c, eventSheet(ctx(), results)!);
  });

  app.get('/results/events/:event/classes/:class', async (c) => {
    const eventId = c.req.param('event');
    const { id, csv } = target(c, 'class');
    const results = await eventFor(eventId);
    if (!results) return missing(c, named('event', eventId), csv);
    const page = csv ? eventCsv(results, id) : eventSheet(ctx(), results, id);
    if (page === undefined) return missing(c, `${named('class', id)} in ${named('event', eventId)}`, csv);
    return typeof page === 'string' ? csvResponse(c, page, `${eventId}-${id}-results`) : sheet(c, page);
  });

  app.get('/results/events/:event/:page{running-order(?:\\.csv)?}', async (c) => {
    const eventId = c.req.param('event');
    const csv = c.req.param('page').endsWith('.csv') || c.req.query('format') === 'csv';
    const results = await eventFor(eventId);
    if (!results) return missing(c, named('event', eventId), csv);
    return csv ? csvResponse(c, runningOrderCsv(results), `${eventId}-running-order`) : sheet(c, runningOrderSheet(ctx(), results));
  });

  // An archived event's sheet is the meeting view it left with, so last week's prints as it did on the day.
  app.get('/results/events/:event/:page{motos(?:\\.csv)?}', async (c) => {
    const eventId = c.req.param('event');
    const csv = c.req.param('page').endsWith('.csv') || c.req.query('format') === 'csv';
    const found = TOKEN_PATTERN.test(eventId) ? await source.meeting(eventId) : undefined;
    if (!found) return missing(c, `race meeting in ${named('event', eventId)}`, csv);
    return csv ? csvResponse(c, motoSheetCsv(found.event, found.meeting), `${eventId}-motos`) : sheet(c, motoSheet(ctx(), found));
  });

  app.get('/results/races/:race', async (c) => {
    const { id, csv } = target(c, 'race');
    const found = TOKEN_PATTERN.test(id) ? await source.race(id) : undefined;
    if (!found) return missing(c, named('race', id), csv);
    return csv ? csvResponse(c, raceCsv(found.race, found.event), `${id}-results`) : sheet(c, raceSheet(ctx(), found.race, found.event));
  });
}
