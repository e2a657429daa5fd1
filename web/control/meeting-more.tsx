/** @module The meeting setup's folded More settings: BMX gate size, classes combined, race times and the transfer table; RC heat size, lengths, min lap, ranking figures and A-mains for every RC class. */
import type { Ref } from 'preact';
import { combineLetters, pointsCountOf, type ClassDraft, type MoreDraft, type SetupDraft } from './meeting-model.ts';
import { TransferTableEditor } from './meeting-transfers.tsx';
import './meeting-settings.css';

interface NumberFieldProps {
  label: string;
  value: string;
  min: number;
  max: number;
  step?: string;
  onInput: (value: string) => void;
}

function NumberField({ label, value, min, max, step = '1', onInput }: NumberFieldProps) {
  return (
    <label>
      {label}
      <input type="number" inputMode={step === '1' ? 'numeric' : 'decimal'} min={min} max={max} step={step} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

/** Minutes as a number, or m:ss: the staging form reads durations the same way. */
function LengthField({ label, value, onInput }: { label: string; value: string; onInput: (value: string) => void }) {
  return (
    <label>
      {label}
      <input type="text" inputMode="decimal" value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </label>
  );
}

function Combine({ classes, onChange }: { classes: ClassDraft[]; onChange: (classId: string, letter: string) => void }) {
  const letters = combineLetters(classes.length);
  return (
    <fieldset class="editor combine">
      <legend>Combine small classes</legend>
      <p class="muted">Classes given the same letter ride together while they fit one gate.</p>
      <ul class="meeting-classes">
        {classes.map((c) => (
          <li key={c.class_id} class="meeting-class">
            <label class="combine-row">
              <span class="check">{c.name}</span>
              <select aria-label={`${c.name} combined with`} value={c.combine} onChange={(e) => onChange(c.class_id, e.currentTarget.value)}>
                <option value="">rides alone</option>
                {letters.map((l) => (
                  <option key={l} value={l}>
                    group {l}
                  </option>
                ))}
              </select>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function MoreSettings({ draft, onChange, foldRef }: { draft: SetupDraft; onChange: (draft: SetupDraft) => void; foldRef: Ref<HTMLDetailsElement> }) {
  const { more } = draft;
  const set = (patch: Partial<MoreDraft>) => onChange({ ...draft, more: { ...more, ...patch } });
  const bmx = draft.classes.filter((c) => c.kind === 'bmx');
  const rc = draft.classes.filter((c) => c.kind === 'rc');
  const combine = (classId: string, letter: string) => onChange({ ...draft, classes: draft.classes.map((c) => (c.class_id === classId ? { ...c, combine: letter } : c)) });
  return (
    // Closed by default: most club days run on the defaults, and the phone page stays short.
    <details class="more-settings" ref={foldRef}>
      <summary>More settings</summary>
      {bmx.length === 0 && rc.length === 0 && <p class="muted">Pick a class above first.</p>}
      {bmx.length > 0 && (
        <fieldset class="editor">
          <legend>BMX</legend>
          <div class="fields fields-grid">
            <NumberField label="Gate size (lanes)" value={more.gateSize} min={2} max={8} onInput={(gateSize) => set({ gateSize })} />
            <NumberField label="Min race time (s)" value={more.minTimeS} min={0} max={600} step="0.1" onInput={(minTimeS) => set({ minTimeS })} />
            <NumberField label="Max race time (s)" value={more.maxTimeS} min={5} max={3600} onInput={(maxTimeS) => set({ maxTimeS })} />
          </div>
          {bmx.length > 1 && <Combine classes={bmx} onChange={combine} />}
          <TransferTableEditor more={more} rounds={draft.rounds} onChange={(table) => set({ table })} />
        </fieldset>
      )}
      {rc.length > 0 && (
        <fieldset class="editor">
          <legend>RC, for every RC class</legend>
          <div class="fields fields-grid">
            <NumberField label="Heat size (cars)" value={more.heatSize} min={1} max={40} onInput={(heatSize) => set({ heatSize })} />
            <LengthField label="Qualifying heat (min)" value={more.qualifyingLength} onInput={(qualifyingLength) => set({ qualifyingLength })} />
            <LengthField label="Main length (min)" value={more.mainLength} onInput={(mainLength) => set({ mainLength })} />
            <NumberField label="Min lap (s)" value={more.minLapS} min={0} max={600} step="0.1" onInput={(minLapS) => set({ minLapS })} />
            {rc.some((c) => c.rc === 'round_points') && (
              <NumberField label="Rounds that count" value={pointsCountOf(draft)} min={1} max={draft.rounds} onInput={(pointsCount) => set({ pointsCount })} />
            )}
            {rc.some((c) => c.rc === 'consecutive') && <NumberField label="Consecutive laps" value={more.consecutiveLaps} min={2} max={20} onInput={(consecutiveLaps) => set({ consecutiveLaps })} />}
            <NumberField label="A-mains run" value={more.aMainLegs} min={1} max={5} onInput={(aMainLegs) => set({ aMainLegs })} />
            <NumberField label="A-mains that count" value={more.aMainCount} min={1} max={5} onInput={(aMainCount) => set({ aMainCount })} />
          </div>
        </fieldset>
      )}
    </details>
  );
}
