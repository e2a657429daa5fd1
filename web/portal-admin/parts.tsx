/** @module Small pieces every console section uses: an action's outcome line, and a button that asks once more before it does something that cannot be undone. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ActionView } from './use-action.ts';

export function Outcome<T>({ view, done }: { view: ActionView<T>; done: (value: T) => ComponentChildren }) {
  if (view.kind === 'busy') return <p class="note">Working…</p>;
  if (view.kind === 'failed') {
    return (
      <p class="error" role="alert">
        {view.message}
      </p>
    );
  }
  if (view.kind === 'done') return <p class="status">{done(view.value)}</p>;
  return null;
}

/** Asked in the page, not with window.confirm: the question stays next to the row it is about. */
export function ConfirmButton({ label, question, onConfirm, disabled }: { label: string; question: string; onConfirm: () => void; disabled?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        class="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
