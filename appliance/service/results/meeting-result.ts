/**
 * @module A race meeting's result for one class on the results sheet: the order the meeting gives once the
 * class's last race has finished (the main's places, then riders out of earlier stages, then the rest by
 * their motos or qualifying). Moto points alone are the standings; this is what the class took home.
 */
import type { EventView } from '../../../shared/race/index.ts';
import type { MeetingView } from '../../../shared/race/meeting-run/types.ts';
import { html, type Html } from './html.ts';
import { className, emptyLine, type Line } from './result-lines.ts';
import { lineTable, MEETING_RESULT } from './tables.ts';

const FROM: Record<string, string> = { motos: 'Motos', qualifying: 'Qualifying' };

/** The class's rows, numbered within the class: small classes ridden together share one result. */
export function meetingResultLines(event: EventView, meeting: MeetingView | null | undefined, classId: string | null): Line[] {
  const group = meeting?.groups.find((g) => classId !== null && g.class_ids.includes(classId));
  // Under total points the result is the moto standings already printed.
  if (!meeting || !group?.results || group.results.every((row) => row.from in FROM)) return [];
  const races = new Map(meeting.order.map((r) => [r.race_id, r]));
  const riders = new Map(event.riders.map((r) => [r.rider_id, r]));
  const base: Line = { ...emptyLine(), section: 'result', event_id: event.event_id, class_id: classId ?? '', class: className(event, classId), format: group.kind === 'bmx' ? 'bmx' : 'timed' };
  return group.results
    .filter((row) => group.class_ids.length === 1 || riders.get(row.rider_id)?.class_id === classId)
    .map((row, i) => {
      const rider = riders.get(row.rider_id);
      const race = races.get(row.from);
      return { ...base, position: String(i + 1), rider_id: row.rider_id, name: rider?.name ?? row.rider_id, plate: rider?.plate ?? '', race_id: race?.run_race_id ?? '', race: race?.name ?? FROM[row.from] ?? row.from };
    });
}

export function meetingResultSection(lines: Line[]): Html {
  if (lines.length === 0) return html``;
  return html`<section class="standings result" data-class-id="${lines[0]!.class_id}">
<h3>Result: the mains, then the rest by ${lines[0]!.format === 'bmx' ? 'their motos' : 'qualifying'}</h3>
${lineTable(MEETING_RESULT, lines)}
</section>
`;
}
