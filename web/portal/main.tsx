/** @module The cloud portal: sign in, then find a LiveRC track, list its events held between two dates and import one; an imported event's races, and a race's results and lap charts. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../shared/base.css';
import './portal.css';
import { errorText, onSignedOut, type PortalUser, type TrackRecord } from './api.ts';
import { EventView } from './event-view.tsx';
import { EventsPanel } from './events-panel.tsx';
import { RaceView } from './race-view.tsx';
import { useRoute } from './route.ts';
import { readSelection, writeSelection, type Selection } from './selection.ts';
import { signOut, whoAmI } from './session.ts';
import { SignIn } from './sign-in.tsx';
import { TrackSearch } from './track-search.tsx';

function Portal({ user, onSignOut }: { user: PortalUser; onSignOut: () => void }) {
  const [selection, setSelection] = useState<Selection>(readSelection);
  const route = useRoute();
  const change = (next: Selection) => {
    setSelection(next);
    writeSelection(next);
  };
  return (
    <>
      <header class="bar">
        <h1>MRE portal</h1>
        <span class="who">
          {user.name} <small>({user.role})</small>
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main class={route.view === 'search' ? undefined : 'wide'}>
        {route.view === 'event' && <EventView key={route.id} id={route.id} />}
        {route.view === 'race' && <RaceView key={route.id} id={route.id} eventId={route.event} />}
        {route.view === 'search' && (
          <>
            <section class="panel" aria-labelledby="find-title">
              <h2 id="find-title">Find a LiveRC track</h2>
              <TrackSearch picked={selection.track as TrackRecord | null} onPick={(track) => change({ ...selection, track })} />
            </section>
            {selection.track && <EventsPanel key={selection.track.slug} track={selection.track as TrackRecord} range={selection.range} onRange={(range) => change({ ...selection, range })} />}
          </>
        )}
      </main>
    </>
  );
}

function App() {
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
        <h1>MRE portal</h1>
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
  return <Portal user={user} onSignOut={leave} />;
}

render(<App />, document.getElementById('app')!);
