/** @module After each envelope: every meeting whose races changed (staged, started, finished, corrected, reset) or that an intent changed gets a fresh view, and a warning when confirmed mains no longer match the results. */
import type { Emitter } from '../emitter.ts';
import type { EngineState } from '../state.ts';
import type { RaceChange } from '../views.ts';
import { freshChanges } from './mains.ts';
import { meetingView } from './view.ts';

/** Changes of a race that move a meeting: its order, rankings or proposals. A lap or a rider's finish alone does not. */
const MOVES: ReadonlySet<RaceChange['kind']> = new Set(['staged', 'started', 'gate', 'finished', 'reset', 'rescored', 'correction']);

export function meetingsAfterStep(state: EngineState, out: Emitter, intentEventId: string | null): void {
  const touched: string[] = intentEventId !== null && state.meetings[intentEventId] ? [intentEventId] : [];
  for (const ev of out.events) {
    if (ev.type !== 'race.updated' || !MOVES.has(ev.payload.change.kind) || ev.event_id === null || touched.includes(ev.event_id)) continue;
    const meeting = state.meetings[ev.event_id];
    if (meeting && Object.values(meeting.runs).includes(ev.race_id!)) touched.push(ev.event_id);
  }
  for (const eventId of touched) {
    const meeting = state.meetings[eventId]!;
    for (const groupId of meeting.group_order) {
      const group = meeting.groups[groupId]!;
      const changes = freshChanges(state, meeting, group);
      if (JSON.stringify(changes) === JSON.stringify(group.warning)) continue;
      group.warning = changes;
      out.emit('meeting.mains_changed', eventId, null, { group_id: groupId, changes });
    }
    meeting.revision++;
    out.emit('meeting.updated', eventId, null, { meeting: meetingView(state, meeting) });
  }
}
