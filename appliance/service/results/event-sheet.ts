/**
 * @module The results sheet of an event or of one class: standings and every finished race, class by
 * class in the event's order, races in the order they were run. The same rows make the CSV.
 */
import type { RaceView, Standings } from '../../../shared/race/index.ts';
import { csvText } from './csv.ts';
import { html, type Html } from './html.ts';
import { page, type SheetContext } from './layout.ts';
import { meetingResultLines, meetingResultSection, qualifyingLines, qualifyingSection } from './meeting-result.ts';
import { className, COLUMNS, raceLines, standingLines, type Line } from './result-lines.ts';
import { raceSection, standingsSection } from './sections.ts';
import { sheetTitle } from './sheet-title.ts';
import type { EventResults } from './source.ts';

/**
 * Finished races one page prints. No meeting comes near it (a 2000-rider BMX nationals runs about 750
 * motos); past it the page says how many are left out and each class's page holds the rest.
 */
export const MAX_RACES_PER_PAGE = 1000;

export const eventHref = (eventId: string) => `/results/events/${encodeURIComponent(eventId)}`;
export const classHref = (eventId: string, classId: string) => `${eventHref(eventId)}/classes/${encodeURIComponent(classId)}`;

interface ClassBlock {
  class_id: string | null;
  standings: Standings[];
  races: RaceView[];
}

/** Classes in the event's order, then class ids only races name, then races with no class. */
function classBlocks(results: EventResults, only?: string): ClassBlock[] {
  const ids: (string | null)[] = results.event.classes.map((c) => c.class_id);
  for (const r of results.races) if (!ids.includes(r.class_id)) ids.push(r.class_id);
  return ids
    .filter((id) => only === undefined || id === only)
    .map((id) => ({
      class_id: id,
      standings: results.standings.filter((s) => s.class_id === id),
      races: results.races.filter((r) => r.class_id === id && r.status === 'finished'),
    }));
}

/** The date a sheet is for: the event's own, else the day its first race was staged on the box. */
function meetingDate(ctx: SheetContext, results: EventResults): string {
  if (results.event.date) return ctx.time.calendarDate(results.event.date);
  const first = results.races[0];
  return first ? ctx.time.day(first.staged_at_us) : 'No date set';
}

function stateLine(results: EventResults): Html {
  const open = results.races.filter((r) => r.status === 'running' || r.status === 'staged').length;
  if (results.archived) return html`<p class="meta">Final results: this event is archived on the box.</p>`;
  if (open > 0) return html`<p class="note warn">Provisional: ${open} ${open === 1 ? 'race is' : 'races are'} still staged or running.</p>`;
  return html`<p class="meta">Results as they stand: race control can still correct them today.</p>`;
}

function classesList(results: EventResults): Html {
  const { event } = results;
  if (event.classes.length === 0) return html``;
  return html`<ul class="classes">${event.classes.map((c) => {
    const riders = event.riders.filter((r) => r.class_id === c.class_id).length;
    return html`<li><a href="${classHref(event.event_id, c.class_id)}">${c.name}</a> <span class="meta">${riders} ${riders === 1 ? 'rider' : 'riders'}</span></li>`;
  })}</ul>`;
}

function blockHtml(ctx: SheetContext, results: EventResults, block: ClassBlock, races: RaceView[]): Html {
  const title = block.class_id === null ? 'Races without a class' : className(results.event, block.class_id);
  return html`<h2 id="class-${block.class_id ?? 'none'}">${title}</h2>
${meetingResultSection(meetingResultLines(results.event, results.meeting, block.class_id))}
${qualifyingSection(results.meeting, qualifyingLines(results.event, results.meeting, block.class_id))}
${block.standings.map((s) => standingsSection(results.event, s))}
${races.map((r) => raceSection(ctx, results.event, r, results.standings))}
${block.standings.length === 0 && races.length === 0 ? html`<p class="note">No finished races yet.</p>` : ''}`;
}

/** Blocks with their races cut to the page's limit, and how many were left out. */
function withinLimit(blocks: ClassBlock[]): { blocks: [ClassBlock, RaceView[]][]; left: number } {
  let room = MAX_RACES_PER_PAGE;
  let left = 0;
  const out = blocks.map((b): [ClassBlock, RaceView[]] => {
    const races = b.races.slice(0, Math.max(0, room));
    room -= races.length;
    left += b.races.length - races.length;
    return [b, races];
  });
  return { blocks: out, left };
}

/** The event's sheet, or one class's when `classId` is given (undefined when the event has no such class). */
export function eventSheet(ctx: SheetContext, results: EventResults, classId?: string): Html | undefined {
  const all = classBlocks(results, classId);
  if (classId !== undefined && all.length === 0) return undefined;
  const { event } = results;
  // The event's sheet prints classes that have results; the list on top names the rest, each class's page says it has none.
  const { blocks, left } = withinLimit(all.filter((b) => classId !== undefined || b.standings.length > 0 || b.races.length > 0));
  const self = classId === undefined ? eventHref(event.event_id) : classHref(event.event_id, classId);
  const heading = classId === undefined ? event.name : `${event.name}: ${className(event, classId)}`;
  return page(ctx, {
    title: `Results · ${heading}`,
    heading,
    meta: html`<p class="meta">${meetingDate(ctx, results)}</p>${stateLine(results)}`,
    links: [
      { href: '/results/', label: 'All events' },
      ...(classId === undefined ? [] : [{ href: eventHref(event.event_id), label: 'Whole event' }]),
      { href: `${eventHref(event.event_id)}/running-order`, label: 'Running order' },
      // The meeting's sheet as drawn and run: an archived event's too, as it left.
      ...(results.meeting ? [{ href: `${eventHref(event.event_id)}/motos`, label: sheetTitle(results.meeting) }] : []),
      { href: `${self}.csv`, label: 'CSV' },
    ],
    body: html`${classId === undefined ? classesList(results) : ''}
${blocks.length === 0 ? html`<p class="note">No finished races yet.</p>` : blocks.map(([b, races]) => blockHtml(ctx, results, b, races))}
${left > 0 ? html`<p class="note warn">${left} more finished ${left === 1 ? 'race is' : 'races are'} not printed here: a page prints at most ${MAX_RACES_PER_PAGE}. ${classId === undefined ? 'Each class\'s page and the CSV have them.' : 'The CSV has them.'}</p>` : ''}`,
  });
}

/** The same rows as the sheet, standings first in each class, without the page limit. */
export function eventCsv(results: EventResults, classId?: string): string | undefined {
  const blocks = classBlocks(results, classId);
  if (classId !== undefined && blocks.length === 0) return undefined;
  const lines: Line[] = [];
  for (const b of blocks) {
    lines.push(...meetingResultLines(results.event, results.meeting, b.class_id));
    lines.push(...qualifyingLines(results.event, results.meeting, b.class_id));
    for (const s of b.standings) lines.push(...standingLines(results.event, s));
    for (const r of b.races) lines.push(...raceLines(results.event, r, results.standings));
  }
  return csvText(COLUMNS, lines.map((l) => COLUMNS.map((c) => l[c])));
}
