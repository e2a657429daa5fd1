/** @module What every portal page shows before its content: a check of who is signed in, the sign-in form when nobody is, and a sign-out that comes back to it; the page's content gets the user and the sign-out. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText, onSignedOut, type PortalUser } from './api.ts';
import { signOut, whoAmI } from './session.ts';
import { SignIn } from './sign-in.tsx';

export function SignedInGate({ title, children }: { title: string; children: (user: PortalUser, signOut: () => void) => ComponentChildren }) {
  const [user, setUser] = useState<PortalUser | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    onSignedOut(() => {
      setUser(null);
      setNotice('Your session has ended: sign in again.');
    });
    whoAmI().then(setUser, (error) => {
      setUser(null);
      setNotice(errorText(error));
    });
  }, []);

  if (user === undefined) return <p class="note loading">Checking who is signed in…</p>;
  if (user === null) {
    return (
      <main class="narrow">
        <h1>{title}</h1>
        <SignIn
          notice={notice}
          onSignedIn={(u) => {
            setNotice(null);
            setUser(u);
          }}
        />
      </main>
    );
  }
  const leave = () => {
    signOut().finally(() => {
      setNotice('You are signed out.');
      setUser(null);
    });
  };
  return <>{children(user, leave)}</>;
}
