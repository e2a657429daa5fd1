/**
 * @module A race meeting's result for one class on the results sheet: the order the meeting gives once the
 * class's last race has finished (the main's places, then riders out of earlier stages, then the rest by
 * their motos or qualifying). Moto points alone are the standings; this is what the class took home.
 * An RC class also prints its qualifying order (TQ first) by the class's own ranking rule, which the
 * standings' best heat is not under round points or consecutive laps.
 */
import type { EventView } from '../../../shared/race/index.ts';
import type { MeetingView } from '../../../shared/race/meeting-run/types.ts';
import { html, type Html } from './html.ts';
import { className, emptyLine, type Line } from './result-lines.ts';
import { lineTable, MEETING_RESULT, QUALIFYING } from './tables.ts';

const FROM: Record<string, string> = { motos: 'Motos', qualifying: 'Qualifying' };

const groupOf = (meeting: MeetingView | null | undefined, classId: string | null) => meeting?.groups.find((g) => classId !== null && g.class_ids.includes(classId));

const baseLine = (event: EventView, classId: string | null, section: string, format: string): Line => ({ ...emptyLine(), section, event_id: event.event_id, class_id: classId ?? '', class: className(event, classId), format });

/** The class's rows, numbered within the class: small classes ridden together share one result. */
export function meetingResultLines(event: EventView, meeting: MeetingView | null | undefined, classId: string | null): Line[] {
  const group = groupOf(meeting, classId);
  // Under total points the result is the moto standings already printed.
  if (!meeting || !group?.results || group.results.every((row) => row.from in FROM)) return [];
  const races = new Map(meeting.order.map((r) => [r.race_id, r]));
  const riders = new Map(event.riders.map((r) => [r.rider_id, r]));
  const base = baseLine(event, classId, 'result', group.kind === 'bmx' ? 'bmx' : 'timed');
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

/** An RC class's qualifying order as the heats have finished so far; `result` is what it ranks by (`297 pts`, `12/5:03.123`). */
export function qualifyingLines(event: EventView, meeting: MeetingView | null | undefined, classId: string | null): Line[] {
  const group = groupOf(meeting, classId);
  if (!group?.rc_ranking || group.rc_ranking.length === 0) return [];
  const riders = new Map(event.riders.map((r) => [r.rider_id, r]));
  const base = baseLine(event, classId, 'qualifying', 'timed');
  return group.rc_ranking.map((row) => {
    const rider = riders.get(row.rider_id);
    return { ...base, position: String(row.position), rider_id: row.rider_id, name: rider?.name ?? row.rider_id, plate: rider?.plate ?? '', status: row.tq ? 'TQ' : '', result: row.result_text };
  });
}

export function qualifyingSection(meeting: MeetingView | null | undefined, lines: Line[]): Html {
  if (lines.length === 0) return html``;
  const classId = lines[0]!.class_id;
  return html`<section class="standings qualifying" data-class-id="${classId}">
<h3>Qualifying order by ${groupOf(meeting, classId)?.format_text ?? 'best round'}, TQ first</h3>
${lineTable(QUALIFYING, lines)}
</section>
`;
}
