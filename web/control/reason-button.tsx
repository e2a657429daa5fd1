/** @module A button that asks for a reason before it acts: every correction to a race is kept with who made it and why. */
import { useState } from 'preact/hooks';

export interface ReasonButtonProps {
  /** The button's text, before and after the reason is typed. */
  label: string;
  /** Names the reason field for screen readers and tests, e.g. `reason to ignore 1:23`. */
  reasonLabel: string;
  busy: boolean;
  danger?: boolean;
  onSubmit: (reason: string) => void;
}

export function ReasonButton({ label, reasonLabel, busy, danger = false, onSubmit }: ReasonButtonProps) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (!asking) {
    return (
      <button type="button" class="btn btn-small" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <form
      class="inline-form crossing-reason"
      onSubmit={(e) => {
        e.preventDefault();
        setAsking(false);
        onSubmit(reason);
      }}
    >
      <input type="text" aria-label={reasonLabel} placeholder="Reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} required />
      <button type="submit" class={`btn btn-small${danger ? ' btn-danger' : ''}`} disabled={busy}>
        {label}
      </button>
      <button type="button" class="btn btn-small btn-quiet" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </form>
  );
}
