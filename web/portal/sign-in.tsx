/** @module The sign-in form: name and password to POST /api/auth/login; a refusal (401 wrong name or password, 429 too many tries and when to come back) is shown as the server words it. */
import { useState } from 'preact/hooks';
import { errorText, type PortalUser } from './api.ts';
import { signIn } from './session.ts';

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
      setError(errorText(failure));
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
