/**
 * @module The staging area's moto sheet (RC: heat list) of a race meeting: every race of the meeting's running order
 * (motos round by round, then the stages and mains confirmed so far) with its lanes or grid, plates and
 * riders, as drawn before anyone raced. The same rows make the CSV.
 */
import type { EventView } from '../../../shared/race/index.ts';
import type { MeetingRaceView, MeetingView } from '../../../shared/race/meeting-run/types.ts';
import { csvText } from './csv.ts';
import { eventHref } from './event-sheet.ts';
import { html, type Html } from './html.ts';
import { page, type SheetContext } from './layout.ts';
import { className } from './result-lines.ts';
import { lineupTable, STATE, type Slot } from './running-order.ts';
import { sheetTitle } from './sheet-title.ts';
import type { EventMeeting } from './source.ts';

export const motoSheetHref = (eventId: string) => `${eventHref(eventId)}/motos`;

const STATUS: Record<string, string> = { ...STATE, waiting: '', skipped: 'Not run: every rider transferred' };

/** An open bump place (no rider yet) prints as a blank line to write on. */
function slots(event: EventView, race: MeetingRaceView): Slot[] {
  return race.lineup.map((s) => {
    const rider = s.rider_id === null ? undefined : event.riders.find((r) => r.rider_id === s.rider_id);
    return { lane: String(s.lane), rider_id: s.rider_id ?? '', name: rider?.name ?? s.rider_id ?? '', plate: rider?.plate ?? '' };
  });
}

const classNames = (event: EventView, race: MeetingRaceView) => race.class_ids.map((id) => className(event, id)).join(' + ');

/** Motos under their round; stages, qualifiers without a round and mains after them. */
function rounds(meeting: MeetingView): { title: string; races: MeetingRaceView[] }[] {
  const out: { title: string; races: MeetingRaceView[] }[] = [];
  for (const race of meeting.order) {
    const title = race.round !== null ? `Round ${race.round}` : 'Mains';
    const last = out.at(-1);
    if (last?.title === title) last.races.push(race);
    else out.push({ title, races: [race] });
  }
  return out;
}

function raceBlock(event: EventView, race: MeetingRaceView): Html {
  return html`<section class="order moto${race.status === 'finished' ? ' done' : ''}" data-race-id="${race.race_id}">
<div class="race-head"><h3>${race.number}. ${race.name}</h3><span class="meta">${classNames(event, race)}</span><span class="meta status-${race.status}">${STATUS[race.status] ?? race.status}</span></div>
${lineupTable(race.format, slots(event, race))}
</section>
`;
}


/** Under the heading: the draw, and whether mains may still come (a live meeting) or the sheet is final (an archived event). */
function drawnLine({ meeting, archived }: EventMeeting): Html {
  if (archived) return html`<p class="meta">Final: this event is archived on the box; the sheet as it stood when the event left.${meeting.seed === null ? '' : ` Drawn with seed ${meeting.seed}.`}</p>`;
  return meeting.seed === null ? html`` : html`<p class="meta">Drawn with seed ${meeting.seed}. Mains appear once race control confirms them.</p>`;
}

export function motoSheet(ctx: SheetContext, found: EventMeeting): Html {
  const { event, meeting } = found;
  const date = event.date ? ctx.time.calendarDate(event.date) : 'No date set';
  const title = sheetTitle(meeting);
  return page(ctx, {
    title: `${title} · ${event.name}`,
    heading: `${event.name}: ${title.toLowerCase()}`,
    meta: html`<p class="meta">${date} · ${meeting.order.length} ${meeting.order.length === 1 ? 'race' : 'races'}</p>
${drawnLine(found)}`,
    links: [
      { href: '/results/', label: 'All events' },
      { href: eventHref(event.event_id), label: 'Results' },
      { href: `${eventHref(event.event_id)}/running-order`, label: 'Running order' },
      { href: `${motoSheetHref(event.event_id)}.csv`, label: 'CSV' },
    ],
    body:
      meeting.order.length === 0
        ? html`<p class="note">The motos are not drawn yet.</p>`
        : rounds(meeting).map((r) => html`<h2>${r.title}</h2>
<div class="moto-grid">${r.races.map((race) => raceBlock(event, race))}</div>`),
  });
}

export function motoSheetCsv(event: EventView, meeting: MeetingView): string {
  const rows = meeting.order.flatMap((race) =>
    slots(event, race).map((s) => [String(race.number), race.race_id, race.name, race.round === null ? '' : String(race.round), race.class_ids.join('+'), classNames(event, race), race.status, s.lane, s.plate, s.rider_id, s.name]),
  );
  return csvText(['number', 'race_id', 'race', 'round', 'class_ids', 'class', 'status', 'lane', 'plate', 'rider_id', 'name'], rows);
}
