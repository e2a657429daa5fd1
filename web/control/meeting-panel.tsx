/** @module The Meeting section of race control: set up and draw, now and next with Stage next, the moto sheet or heat list, and mains per class. */
import { useEffect } from 'preact/hooks';
import type { EventView } from '../shared/live-types.ts';
import type { Operator } from './api.ts';
import { useMeeting } from './meeting-data.ts';
import { Mains, Warning } from './meeting-mains.tsx';
import { ridersOf, type MeetingView, type Riders } from './meeting-model.ts';
import { DrawMotos, MeetingSetup } from './meeting-setup.tsx';
import { MotoSheet, NowNext } from './meeting-sheet.tsx';
import { Feedback, useIntent } from './operator.tsx';

function StageNext({ view, riders, operator, onDone }: { view: MeetingView; riders: Riders; operator: Operator; onDone: () => void }) {
  const intent = useIntent(operator);
  const next = view.order.find((r) => r.race_id === view.now_next.at_gate);
  const waiting = next?.status === 'waiting';
  return (
    <div class="actions">
      <button
        type="button"
        class="btn btn-primary"
        disabled={intent.busy || !waiting}
        onClick={() => void intent.run('meeting.stage_next', { event_id: view.event_id }, `${next?.name ?? 'Next race'} staged.`).then((r) => r && onDone())}
      >
        {waiting ? `Stage next: ${next.name} · ${next.class_ids.map(riders.className).join(' + ')}` : 'Stage next'}
      </button>
      {!waiting && <span class="muted">{next ? `${next.name} is at the gate: ${next.format === 'bmx' ? 'the gate drop starts it' : 'start it'}, or reset it.` : view.groups.every((g) => g.results) ? 'Every race of the meeting has run.' : 'Propose and confirm mains to go on.'}</span>}
      <Feedback outcome={intent.outcome} />
    </div>
  );
}

function summary(view: MeetingView | null | undefined): string {
  if (view === undefined) return 'reading…';
  if (view === null) return 'not set up';
  const done = view.order.filter((r) => r.status === 'finished' || r.status === 'skipped').length;
  if (view.order.length === 0) return 'set up, motos not drawn';
  return `${done} of ${view.order.length} races run`;
}

/** The races this meeting ran, so other panels can tell them from one-off races. */
function runRaceIds(view: MeetingView | null | undefined): string[] {
  return (view?.order ?? []).flatMap((r) => (r.run_race_id === null ? [] : [r.run_race_id]));
}

export function MeetingPanel({ event, operator, news, onRuns }: { event: EventView; operator: Operator; news: number; onRuns: (raceIds: ReadonlySet<string>) => void }) {
  const { view, reload } = useMeeting(event.event_id, news);
  const runs = runRaceIds(view).join(' ');
  useEffect(() => onRuns(new Set(runs === '' ? [] : runs.split(' '))), [runs]);
  const riders = ridersOf(event);
  const warned = view?.groups.some((g) => g.warning.length > 0) ?? false;
  return (
    // Folded while the event has no meeting: a practice night or a one-off race needs none, and the page stays short.
    <details class="panel panel-wide fold" aria-label="meeting" open={!!view}>
      <summary class="panel-head">
        <h2>Meeting</h2>
        <span class={warned ? 'fold-note meeting-warned' : 'muted fold-note'}>{warned ? 'mains warning' : summary(view)}</span>
      </summary>
      {view === null && <MeetingSetup event={event} operator={operator} onDone={reload} />}
      {view && view.setup.bmx && view.seed === null && <DrawMotos eventId={event.event_id} operator={operator} onDone={reload} />}
      {view && view.order.length > 0 && (
        <>
          {view.groups.map((g) => g.warning.length > 0 && <Warning key={g.group_id} group={g} view={view} riders={riders} />)}
          <NowNext view={view} riders={riders} />
          <StageNext view={view} riders={riders} operator={operator} onDone={reload} />
          <MotoSheet view={view} riders={riders} />
          <Mains view={view} riders={riders} operator={operator} onDone={reload} />
        </>
      )}
    </details>
  );
}
