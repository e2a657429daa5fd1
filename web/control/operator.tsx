/** @module The operator at the page: PIN and name typed once per tab, and each intent they send with what the box answered. */
import type { IntentName } from '../../shared/contracts/control.ts';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, checkPin, postIntent, saveOperator, type IntentResult, type Operator } from './api.ts';

export function LoginBar({ operator, onChange }: { operator: Operator; onChange: (operator: Operator) => void }) {
  const [editing, setEditing] = useState(!operator.pin);
  const [pin, setPin] = useState(operator.pin);
  const [name, setName] = useState(operator.name);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

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
  const submit = async (e: Event) => {
    e.preventDefault();
    const next = { pin: pin.trim(), name: name.trim() };
    setProblem(null);
    if (next.pin) {
      setChecking(true);
      try {
        await checkPin(next.pin);
      } catch (error) {
        setProblem(error instanceof ApiError ? error.lines.join(' ') : (error as Error).message);
        return;
      } finally {
        setChecking(false);
      }
    }
    saveOperator(next);
    onChange(next);
    if (next.pin) setEditing(false);
  };
  return (
    <form class="login" onSubmit={(e) => void submit(e)}>
      <label>
        PIN
        <input type="password" inputMode="numeric" autoComplete="off" value={pin} onInput={(e) => setPin(e.currentTarget.value)} size={8} />
      </label>
      <label>
        Name
        <input type="text" autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} size={12} placeholder="operator" />
      </label>
      <button type="submit" class="btn btn-primary btn-small" disabled={checking}>
        {checking ? 'Checking…' : 'Use'}
      </button>
      {problem && (
        <p class="feedback feedback-error login-problem" role="alert">
          {problem}
        </p>
      )}
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

/** How long a success line stays: long enough to read at arm's length, short enough not to pile up down the page. */
export const OK_SHOWN_MS = 6000;

export function useIntent(operator: Operator): IntentRunner {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    if (!outcome?.ok) return;
    const timer = setTimeout(() => setOutcome((now) => (now === outcome ? null : now)), OK_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [outcome]);
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

/** The answer under a form; errors stay until the next attempt, so staff can read them at arm's length; a success goes after OK_SHOWN_MS. */
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
