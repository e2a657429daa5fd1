/** @module Moving a race that ran under the wrong class to another of the event's classes, with a reason: both classes' standings follow. */
import { useState } from 'preact/hooks';
import type { EventView, RaceView } from '../shared/live-types.ts';

export function ClassCorrection({ race, event, busy, onMove }: { race: RaceView; event: EventView | null; busy: boolean; onMove: (args: { class_id: string; reason: string }) => void }) {
  const others = (event?.classes ?? []).filter((c) => c.class_id !== race.class_id);
  const [classId, setClassId] = useState('');
  const [reason, setReason] = useState('');
  if (others.length === 0 || race.status === 'reset') return null;
  const current = event?.classes.find((c) => c.class_id === race.class_id)?.name ?? race.class_id ?? 'no class';
  return (
    <details class="class-fold">
      <summary>Wrong class? ({current})</summary>
      <form
        class="form class-correction"
        aria-label="move race to another class"
        onSubmit={(e) => {
          e.preventDefault();
          onMove({ class_id: classId, reason });
        }}
      >
        <div class="fields">
          <label>
            Move to class
            <select value={classId} onChange={(e) => setClassId(e.currentTarget.value)} required>
              <option value="">choose…</option>
              {others.map((c) => (
                <option key={c.class_id} value={c.class_id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Reason
            <input type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder="staged under the wrong class" required />
          </label>
        </div>
        <button type="submit" class="btn" disabled={busy || !classId || !reason.trim()}>
          Move race
        </button>
      </form>
    </details>
  );
}
