/**
 * @module The staging area's sheet: the event's races in the order they were staged, each with its
 * lanes (BMX) or grid (timed) and plates, the race at the gate and those racing called out on top.
 * It holds the races race control has staged so far, of any event; a race meeting's whole drawn
 * sheet, races not yet staged included, is the moto sheet (moto-sheet.ts).
 */
import type { RaceView } from '../../../shared/race/index.ts';
import { nowAndNext, type RaceProgress } from '../../../shared/race/meeting/index.ts';
import { csvText } from './csv.ts';
import { eventHref } from './event-sheet.ts';
import { html, type Html } from './html.ts';
import { page, type SheetContext } from './layout.ts';
import { className } from './result-lines.ts';
import { raceHref } from './sections.ts';
import type { EventResults } from './source.ts';

export interface Slot {
  lane: string;
  rider_id: string;
  name: string;
  plate: string;
}

/** Races in running order (reset ones struck off), numbered from 1. */
function runningOrder(results: EventResults): { number: number; race: RaceView; race_id: string }[] {
  return results.races.filter((r) => r.status !== 'reset').map((race, i) => ({ number: i + 1, race, race_id: race.race_id }));
}

/** Who lines up: BMX by lane, a timed grid in its order; an open practice takes anyone and lists nobody. */
function slots(race: RaceView): Slot[] {
  switch (race.format) {
    case 'bmx':
      return [...race.rows].sort((a, b) => a.lane - b.lane).map((r) => ({ lane: String(r.lane), rider_id: r.rider_id, name: r.name, plate: r.plate ?? '' }));
    case 'timed':
      return race.rows.map((r, i) => ({ lane: String(i + 1), rider_id: r.rider_id, name: r.name, plate: r.plate ?? '' }));
    case 'practice':
      return [];
  }
}

/** Lane (BMX) or grid spot (timed), plate and rider: what the staging area calls riders up by. */
export function lineupTable(format: 'bmx' | 'timed', lineup: Slot[]): Html {
  return html`<div class="scroll"><table>
<thead><tr><th class="lane num">${format === 'bmx' ? 'Lane' : 'Grid'}</th><th class="plate num">Plate</th><th class="name">Rider</th></tr></thead>
<tbody>${lineup.map((s) => html`<tr data-rider="${s.rider_id}"><td class="lane num">${s.lane}</td><td class="plate num">${s.plate}</td><td class="name">${s.name}</td></tr>`)}</tbody>
</table></div>`;
}

/** A race's state as the staging area says it. */
export const STATE: Record<string, string> = { staged: 'At the gate', running: 'Racing', finished: 'Done' };

function raceBlock(results: EventResults, number: number, race: RaceView): Html {
  const lineup = slots(race);
  const details = [className(results.event, race.class_id), race.round !== null ? `Round ${race.round}` : ''].filter(Boolean).join(' · ');
  return html`<section class="order${race.status === 'finished' ? ' done' : ''}" data-race-id="${race.race_id}">
<div class="race-head"><h3>${number}. <a href="${raceHref(race)}">${race.name}</a></h3><span class="meta">${details}</span><span class="meta status-${race.status}">${STATE[race.status] ?? race.status}</span></div>
${race.format === 'practice' ? html`<p class="note">Open practice: any transponder.</p>` : lineupTable(race.format, lineup)}
</section>
`;
}

export function runningOrderSheet(ctx: SheetContext, results: EventResults): Html {
  const order = runningOrder(results);
  const progress: Record<string, RaceProgress> = Object.fromEntries(order.map((o) => [o.race_id, o.race.status as RaceProgress]));
  const now = nowAndNext(order, progress);
  const { event } = results;
  const call = (label: string, items: typeof order) => (items.length === 0 ? '' : html`<p class="meta"><strong>${label}:</strong> ${items.map((o, i) => html`${i > 0 ? ', ' : ''}${o.number}. ${o.race.name}`)}</p>`);
  return page(ctx, {
    title: `Running order · ${event.name}`,
    heading: `${event.name}: running order`,
    meta: html`${call('At the gate', now.at_gate ? [now.at_gate] : [])}${call('Racing', now.running)}
<p class="meta">The races race control has staged, in order; the next ones appear as they are staged.</p>`,
    links: [{ href: '/results/', label: 'All events' }, { href: eventHref(event.event_id), label: 'Results' }, { href: `${eventHref(event.event_id)}/running-order.csv`, label: 'CSV' }],
    body: order.length === 0 ? html`<p class="note">No races staged yet.</p>` : order.map((o) => raceBlock(results, o.number, o.race)),
  });
}

export function runningOrderCsv(results: EventResults): string {
  const rows = runningOrder(results).flatMap(({ number, race }) =>
    slots(race).map((s) => [String(number), race.race_id, race.name, race.class_id ?? '', className(results.event, race.class_id), race.round === null ? '' : String(race.round), race.format, race.status, s.lane, s.rider_id, s.name, s.plate]),
  );
  return csvText(['number', 'race_id', 'race', 'class_id', 'class', 'round', 'format', 'race_status', 'lane', 'rider_id', 'name', 'plate'], rows);
}
