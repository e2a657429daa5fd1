/** @module The operator at the page: PIN and name typed once per tab, and each intent they send with what the box answered. */
import { useState } from 'preact/hooks';
import type { IntentName } from '../../shared/contracts/control.ts';
import { ApiError, postIntent, saveOperator, type IntentResult, type Operator } from './api.ts';

export function LoginBar({ operator, onChange }: { operator: Operator; onChange: (operator: Operator) => void }) {
  const [editing, setEditing] = useState(!operator.pin);
  const [pin, setPin] = useState(operator.pin);
  const [name, setName] = useState(operator.name);

  if (!editing) {
    return (
      <div class="login login-done">
        <span>
          Operator <b>{operator.name || 'operator'}</b>
        </span>
        <button type="button" class="btn btn-small" onClick={() => setEditing(true)}>
          Change
        </button>
      </div>
    );
  }
  return (
    <form
      class="login"
      onSubmit={(e) => {
        e.preventDefault();
        const next = { pin: pin.trim(), name: name.trim() };
        saveOperator(next);
        onChange(next);
        if (next.pin) setEditing(false);
      }}
    >
      <label>
        PIN
        <input type="password" inputMode="numeric" autoComplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} size={8} />
      </label>
      <label>
        Name
        <input type="text" autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} size={12} placeholder="operator" />
      </label>
      <button type="submit" class="btn btn-primary btn-small">
        Use
      </button>
    </form>
  );
}

export interface Outcome {
  ok: boolean;
  lines: string[];
}

export interface IntentRunner {
  busy: boolean;
  outcome: Outcome | null;
  run(intent: IntentName, args: Record<string, unknown>, okText: string): Promise<IntentResult | null>;
  /** Shows a problem found before anything was sent. */
  fail(lines: string[]): void;
}

export function useIntent(operator: Operator): IntentRunner {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return {
    busy,
    outcome,
    fail: (lines) => setOutcome({ ok: false, lines }),
    async run(intent, args, okText) {
      if (!operator.pin) {
        setOutcome({ ok: false, lines: ['Enter the operator PIN first.'] });
        return null;
      }
      setBusy(true);
      setOutcome(null);
      try {
        const result = await postIntent(intent, args, operator);
        setOutcome({ ok: true, lines: [okText] });
        return result;
      } catch (error) {
        const lines = error instanceof ApiError ? error.lines : [(error as Error).message];
        setOutcome({ ok: false, lines });
        return null;
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The answer under a form; errors stay until the next attempt, so staff can read them at arm's length. */
export function Feedback({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  if (outcome.ok) return <p class="feedback feedback-ok" role="status">{outcome.lines[0]}</p>;
  return (
    <div class="feedback feedback-error" role="alert">
      {outcome.lines.length === 1 ? (
        <p>{outcome.lines[0]}</p>
      ) : (
        <ul>
          {outcome.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
