/** @module The cloud portal: sign in, then find a LiveRC track, list its events held between two dates and import one, or open the events our boxes timed; an event's races, and a race's results, lap charts and coaching answers. */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import '../shared/base.css';
import './portal.css';
import type { PortalUser, TrackRecord } from './api.ts';
import { BoxEvents } from './box-events.tsx';
import { DriverView, MyDriverView } from './driver-history.tsx';
import { LiveTrackBoard, LiveTracks } from './live-view.tsx';
import { EventView } from './event-view.tsx';
import { EventsPanel } from './events-panel.tsx';
import { RaceView } from './race-view.tsx';
import { useRoute } from './route.ts';
import { readSelection, writeSelection, type Selection } from './selection.ts';
import { PortalBar } from './portal-bar.tsx';
import { SignedInGate } from './signed-in-gate.tsx';
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
      <PortalBar title="MRE portal" user={user} onSignOut={onSignOut} />
      <nav class="portal-nav" aria-label="Portal">
        <a href="#/" aria-current={route.view === 'search' ? 'page' : undefined}>LiveRC events</a>
        <a href="#/box" aria-current={route.view === 'box' ? 'page' : undefined}>Timed by our boxes</a>
        <a href="#/me" aria-current={route.view === 'me' ? 'page' : undefined}>My driver</a>
        <a href="#/live" aria-current={route.view === 'live' || route.view === 'live-track' ? 'page' : undefined}>Live</a>
      </nav>
      <main class={route.view === 'search' ? undefined : 'wide'}>
        {route.view === 'box' && <BoxEvents />}
        {route.view === 'me' && <MyDriverView />}
        {route.view === 'live' && <LiveTracks />}
        {route.view === 'live-track' && <LiveTrackBoard key={route.track} track={route.track} />}
        {route.view === 'driver' && <DriverView key={`${route.source}/${route.key}`} source={route.source} driverKey={route.key} />}
        {route.view === 'event' && <EventView key={`${route.source.kind}/${route.id}`} id={route.id} source={route.source} />}
        {route.view === 'race' && <RaceView key={`${route.source.kind}/${route.id}`} id={route.id} eventId={route.event} source={route.source} />}
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

render(<SignedInGate title="MRE portal">{(user, signOut) => <Portal user={user} onSignOut={signOut} />}</SignedInGate>, document.getElementById('app')!);
