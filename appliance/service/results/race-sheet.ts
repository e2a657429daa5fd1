/** @module One race's sheet (any state: a running race prints as provisional) and its CSV. */
import { csvText } from './csv.ts';
import { classHref, eventHref } from './event-sheet.ts';
import { html, type Html } from './html.ts';
import { page, type SheetContext } from './layout.ts';
import { className, COLUMNS, raceLines } from './result-lines.ts';
import { raceHref, raceSection } from './sections.ts';
import type { EventResults } from './source.ts';
import type { RaceView } from '../../../shared/race/index.ts';

export function raceSheet(ctx: SheetContext, race: RaceView, results: EventResults): Html {
  const { event } = results;
  const date = event.date ? ctx.time.calendarDate(event.date) : ctx.time.day(race.staged_at_us);
  return page(ctx, {
    title: `${race.name} · ${event.name}`,
    heading: race.name,
    meta: html`<p class="meta">${event.name} · ${date}${race.class_id !== null ? ` · ${className(event, race.class_id)}` : ''}</p>`,
    links: [
      { href: '/results/', label: 'All events' },
      { href: eventHref(event.event_id), label: event.name },
      ...(race.class_id !== null ? [{ href: classHref(event.event_id, race.class_id), label: className(event, race.class_id) }] : []),
      { href: `${raceHref(race)}.csv`, label: 'CSV' },
    ],
    body: raceSection(ctx, event, race, results.standings, false),
  });
}

export function raceCsv(race: RaceView, results: EventResults): string {
  return csvText(COLUMNS, raceLines(results.event, race, results.standings).map((l) => COLUMNS.map((c) => l[c])));
}
