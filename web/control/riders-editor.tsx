/** @module The riders table of the event setup: one editable row per rider, plus a paste box for a whole entry list. */
import { useState } from 'preact/hooks';
import { emptyRider, parseRiderLines, type ClassDraft, type RiderDraft } from './event-form.ts';

interface RidersEditorProps {
  riders: RiderDraft[];
  classes: ClassDraft[];
  onChange: (riders: RiderDraft[]) => void;
}

export function updateAt<T>(list: T[], index: number, patch: Partial<T>): T[] {
  return list.map((item, i) => (i === index ? { ...item, ...patch } : item));
}

function RiderRow({ rider, index, classes, onPatch, onRemove }: { rider: RiderDraft; index: number; classes: ClassDraft[]; onPatch: (patch: Partial<RiderDraft>) => void; onRemove: () => void }) {
  const n = index + 1;
  return (
    <li class="edit-row">
      <input class="w-plate" aria-label={`rider ${n} plate`} placeholder="Plate" value={rider.plate} onInput={(e) => onPatch({ plate: e.currentTarget.value })} />
      <input class="w-name" aria-label={`rider ${n} name`} placeholder="Name" value={rider.name} onInput={(e) => onPatch({ name: e.currentTarget.value })} />
      <input class="w-id" aria-label={`rider ${n} id`} placeholder="rider id" value={rider.rider_id} onInput={(e) => onPatch({ rider_id: e.currentTarget.value })} />
      <select class="w-class" aria-label={`rider ${n} class`} value={rider.class_id} onChange={(e) => onPatch({ class_id: e.currentTarget.value })}>
        <option value="">no class</option>
        {classes
          .filter((c) => c.class_id.trim())
          .map((c) => (
            <option key={c.class_id} value={c.class_id}>
              {c.name || c.class_id}
            </option>
          ))}
        {rider.class_id && !classes.some((c) => c.class_id === rider.class_id) && <option value={rider.class_id}>{rider.class_id} (unknown)</option>}
      </select>
      <input
        class="w-tx"
        aria-label={`rider ${n} transponders`}
        placeholder="Transponder(s)"
        inputMode="numeric"
        value={rider.transponders}
        onInput={(e) => onPatch({ transponders: e.currentTarget.value })}
      />
      <button type="button" class="btn btn-small btn-quiet w-btn" aria-label={`remove rider ${n}`} onClick={onRemove}>
        ✕
      </button>
    </li>
  );
}

export function RidersEditor({ riders, classes, onChange }: RidersEditorProps) {
  const [paste, setPaste] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  const addPasted = () => {
    const parsed = parseRiderLines(paste, riders.map((r) => r.rider_id));
    setProblems(parsed.problems);
    if (parsed.riders.length > 0) onChange([...riders, ...parsed.riders]);
    if (parsed.problems.length === 0) setPaste('');
  };

  return (
    <fieldset class="editor">
      <legend>Riders ({riders.length})</legend>
      <ol class="edit-list">
        {riders.length > 0 && (
          <li class="edit-row edit-head" aria-hidden="true">
            <span class="w-plate">Plate</span>
            <span class="w-name">Name</span>
            <span class="w-id">Rider id</span>
            <span class="w-class">Class</span>
            <span class="w-tx">Transponders</span>
            <span class="w-btn" />
          </li>
        )}
        {riders.map((rider, i) => (
          <RiderRow
            key={i}
            rider={rider}
            index={i}
            classes={classes}
            onPatch={(patch) => onChange(updateAt(riders, i, patch))}
            onRemove={() => onChange(riders.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      <button type="button" class="btn btn-small" onClick={() => onChange([...riders, emptyRider()])}>
        Add rider
      </button>
      <details class="paste">
        <summary>Paste a list</summary>
        <label>
          One rider per line: <code>plate,name,class_id,transponder</code>
          <textarea rows={5} value={paste} onInput={(e) => setPaste(e.currentTarget.value)} placeholder={'42,Sam Lee,boys-13,1234567\n7,Ana Ruiz,girls-13,2345678'} />
        </label>
        <button type="button" class="btn btn-small" disabled={!paste.trim()} onClick={addPasted}>
          Add pasted riders
        </button>
        {problems.length > 0 && (
          <ul class="feedback feedback-error">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        )}
      </details>
    </fieldset>
  );
}
