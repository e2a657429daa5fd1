/** @module Scoreboard entry: a race meeting's now and next on top, the race on track big, the latest results below, standings on their own tab. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { eventRaces, LiveBoard } from '../shared/boards/live-board.tsx';
import { FirstbootBanner } from '../shared/firstboot-banner.tsx';
import { StaleBanner } from '../shared/parts.tsx';
import { useLive } from '../shared/use-live.ts';
import { AnnouncerToggle, useAnnouncer } from './announcer.tsx';
import { NowNext } from './now-next.tsx';
import { PassingsStrip } from './passings-strip.tsx';
import { StandingsView } from './standings-view.tsx';
import { useMeeting } from './use-meeting.ts';
import './scoreboard.css';

const CHANNELS = ['race', 'decoder'] as const;

type Tab = 'live' | 'standings';

function useTab(): [Tab, (tab: Tab) => void] {
  const read = (): Tab => (location.hash === '#standings' ? 'standings' : 'live');
  const [tab, setTab] = useState<Tab>(read);
  useEffect(() => {
    const onHash = () => setTab(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // The hash keeps the tab across reloads and lets a spectator bookmark the standings.
  return [tab, (next) => (location.hash = next === 'live' ? '' : next)];
}

function App() {
  const announcer = useAnnouncer();
  const { state, connection, clock } = useLive(CHANNELS, null, announcer.listener);
  const [tab, setTab] = useTab();
  const event = state.event;
  const races = eventRaces(state);
  const live = connection.state === 'live';
  const meeting = useMeeting(event?.event_id ?? null, races.map((r) => `${r.race_id}:${r.status}`).join(','));
  useEffect(() => {
    document.title = event ? `${event.name} · Live timing` : 'Live timing';
  }, [event?.name]);

  return (
    <>
      <StaleBanner connection={connection} />
      <FirstbootBanner firstboot={state.status?.firstboot} />
      <header class="top">
        <div class="top-event">
          <span class={`dot${live ? ' dot-live' : ''}`} aria-hidden="true" />
          <h1>{event?.name ?? 'Live timing'}</h1>
          <AnnouncerToggle announcer={announcer} />
        </div>
        <nav class="tabs" aria-label="views">
          <button type="button" class={tab === 'live' ? 'tab tab-on' : 'tab'} aria-pressed={tab === 'live'} onClick={() => setTab('live')}>
            Live
          </button>
          <button type="button" class={tab === 'standings' ? 'tab tab-on' : 'tab'} aria-pressed={tab === 'standings'} onClick={() => setTab('standings')}>
            Standings
          </button>
        </nav>
      </header>
      <main class={tab === 'standings' ? 'standings-grid' : 'live-grid'}>
        {tab === 'standings' ? (
          <StandingsView standings={state.standings} event={event} races={races} />
        ) : (
          <>
            <NowNext meeting={meeting} event={event} />
            <LiveBoard state={state} clock={clock} />
            <PassingsStrip passings={state.passings} clock={clock} />
          </>
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
