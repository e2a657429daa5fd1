/** @module The sign-in form: name and password to POST /api/auth/login; a refusal (401 wrong name or password, 429 too many tries and when to come back) is shown as the server words it. */
import { useState } from 'preact/hooks';
import { ApiError, errorText, type PortalUser } from './api.ts';
import { signIn } from './session.ts';

/** The server names the time in UTC; the admin reads it on their own clock too. */
function refusal(failure: unknown): string {
  const text = errorText(failure);
  if (!(failure instanceof ApiError) || failure.status !== 429 || failure.retryAfterS === null) return text;
  const at = new Date(Date.now() + failure.retryAfterS * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${text}. Sign in again after ${at} on this device's clock.`;
}

export function SignIn({ onSignedIn, notice }: { onSignedIn: (user: PortalUser) => void; notice: string | null }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(name, password));
    } catch (failure) {
      setError(refusal(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sign-in panel" onSubmit={submit} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      {notice && !error && <p class="note">{notice}</p>}
      <label>
        Name
        <input name="name" autocomplete="username" autocapitalize="none" spellcheck={false} required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Password
        <input name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
