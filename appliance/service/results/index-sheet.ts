/** @module `/results/`: every event the box holds, live ones first, each linking to its sheet. */
import { csvText } from './csv.ts';
import { eventHref } from './event-sheet.ts';
import { html, type Html } from './html.ts';
import { page, type SheetContext } from './layout.ts';
import type { EventListing } from './source.ts';

/** A season of dated events is a few hundred; the list stops here so the page stays small on a phone. */
export const MAX_EVENTS_LISTED = 1000;

export function indexSheet(ctx: SheetContext, events: readonly EventListing[]): Html {
  const shown = events.slice(0, MAX_EVENTS_LISTED);
  const row = (e: EventListing) => html`<tr data-event-id="${e.event_id}"><td class="name"><a href="${eventHref(e.event_id)}">${e.name}</a></td><td class="date">${e.date ? ctx.time.calendarDate(e.date) : ''}</td><td class="state">${e.archived ? 'Archived' : 'Live'}</td></tr>\n`;
  return page(ctx, {
    title: 'Results',
    heading: 'Results',
    meta: html`<p class="meta">Every event on this box: open one to print its sheet or download its CSV.</p>`,
    links: [{ href: '/', label: 'Scoreboard' }, { href: '/results.csv', label: 'CSV' }],
    body: shown.length === 0
      ? html`<p class="note">No events yet: race control sets one up.</p>`
      : html`<div class="scroll"><table><thead><tr><th>Event</th><th>Date</th><th>State</th></tr></thead><tbody>
${shown.map(row)}</tbody></table></div>${events.length > shown.length ? html`<p class="note">${events.length - shown.length} older events are not listed; open them by their id.</p>` : ''}`,
  });
}

export function indexCsv(events: readonly EventListing[]): string {
  return csvText(['event_id', 'name', 'date', 'archived'], events.map((e) => [e.event_id, e.name, e.date ?? '', String(e.archived)]));
}
