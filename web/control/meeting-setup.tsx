/** @module Setting up the meeting of an event: per class BMX transfers or total points, or the RC qualifying method, and the rounds (RC: main size and bumps), the rest under More settings; then the moto draw. */
import { useRef, useState } from 'preact/hooks';
import type { EventView } from '../shared/live-types.ts';
import type { Operator } from './api.ts';
import { MoreSettings } from './meeting-more.tsx';
import { namedProblem, setupArgs, setupDraft, setupProblems, type BmxFormat, type ClassDraft, type RcRanking, type SetupDraft } from './meeting-model.ts';
import { Feedback, useIntent } from './operator.tsx';

const BMX_FORMATS: { value: BmxFormat; label: string }[] = [
  { value: 'transfer', label: 'Transfers to mains' },
  { value: 'total_points', label: 'Total points, no main' },
];
const rcRankings = (laps: string): { value: RcRanking; label: string }[] => [
  { value: 'best_round', label: 'Best round' },
  { value: 'round_points', label: 'Round points' },
  { value: 'consecutive', label: `Best ${laps.trim() || 3} consecutive laps` },
];

function ClassRow({ row, laps, onChange }: { row: ClassDraft; laps: string; onChange: (row: ClassDraft) => void }) {
  return (
    <li class="meeting-class">
      <label class="check">
        <input type="checkbox" checked={row.kind !== null} onChange={(e) => onChange({ ...row, kind: e.currentTarget.checked ? 'bmx' : null })} />
        {row.name}
      </label>
      {row.kind !== null && (
        <select aria-label={`${row.name} format`} value={row.kind === 'bmx' ? `bmx:${row.bmx}` : `rc:${row.rc}`} onChange={(e) => {
          const [kind, value] = e.currentTarget.value.split(':') as ['bmx' | 'rc', string];
          onChange(kind === 'bmx' ? { ...row, kind, bmx: value as BmxFormat } : { ...row, kind, rc: value as RcRanking });
        }}>
          <optgroup label="BMX">
            {BMX_FORMATS.map((f) => <option key={f.value} value={`bmx:${f.value}`}>{f.label}</option>)}
          </optgroup>
          <optgroup label="RC qualifying">
            {rcRankings(laps).map((f) => <option key={f.value} value={`rc:${f.value}`}>{f.label}</option>)}
          </optgroup>
        </select>
      )}
    </li>
  );
}

export function MeetingSetup({ event, operator, onDone }: { event: EventView; operator: Operator; onDone: () => void }) {
  const [draft, setDraft] = useState<SetupDraft>(() => setupDraft(event));
  const intent = useIntent(operator);
  const more = useRef<HTMLDetailsElement>(null);
  const chosen = draft.classes.filter((c) => c.kind !== null).length;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (chosen === 0) return intent.fail(['Pick at least one class for the meeting.']);
    // The form's own checks, not the browser's: a field out of range inside the closed More settings could not be pointed at.
    const problems = setupProblems(draft);
    if (problems.length > 0) {
      // Most problems are under More settings: open it so the field named is in sight.
      if (more.current) more.current.open = true;
      return intent.fail(problems);
    }
    if (await intent.run('meeting.setup', setupArgs(event.event_id, draft), 'Meeting set up.')) onDone();
  };
  return (
    <form class="form" aria-label="meeting setup" noValidate onSubmit={(e) => void submit(e)}>
      <p class="muted">No meeting yet. Pick how each class races; the box draws the motos or heats from the entries.</p>
      <ul class="meeting-classes">
        {draft.classes.map((row, i) => (
          <ClassRow key={row.class_id} row={row} laps={draft.more.consecutiveLaps} onChange={(next) => setDraft({ ...draft, classes: draft.classes.map((c, j) => (j === i ? next : c)) })} />
        ))}
      </ul>
      <label>
        Rounds (motos or qualifiers)
        <input type="number" min={1} max={5} value={draft.rounds} onInput={(e) => setDraft({ ...draft, rounds: Number(e.currentTarget.value) || 1 })} />
      </label>
      {draft.classes.some((c) => c.kind === 'rc') && (
        <>
          <label>
            Main size (RC)
            <input type="number" min={2} max={20} value={draft.mainSize} onInput={(e) => setDraft({ ...draft, mainSize: Number(e.currentTarget.value) || 10 })} />
          </label>
          <label>
            Bumps (RC)
            <input type="number" min={0} max={5} value={draft.bumps} onInput={(e) => setDraft({ ...draft, bumps: Math.max(0, Number(e.currentTarget.value) || 0) })} />
          </label>
        </>
      )}
      <MoreSettings draft={draft} onChange={setDraft} foldRef={more} />
      <button type="submit" class="btn btn-primary" disabled={intent.busy}>
        Set up meeting
      </button>
      <Feedback outcome={intent.outcome && !intent.outcome.ok ? { ...intent.outcome, lines: intent.outcome.lines.map((line) => namedProblem(line, draft)) } : intent.outcome} />
    </form>
  );
}

/** BMX: the sheet is drawn once the setup is right; RC heats come from the setup itself. */
export function DrawMotos({ eventId, operator, onDone }: { eventId: string; operator: Operator; onDone: () => void }) {
  const intent = useIntent(operator);
  return (
    <div class="actions">
      <button type="button" class="btn btn-primary" disabled={intent.busy} onClick={() => void intent.run('meeting.draw_motos', { event_id: eventId }, 'Motos drawn.').then((r) => r && onDone())}>
        Draw motos
      </button>
      <Feedback outcome={intent.outcome} />
    </div>
  );
}
