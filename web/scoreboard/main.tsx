/** @module Scoreboard entry: a race meeting's now and next on top, the race on track big, the latest results below, standings on their own tab. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { RaceBoard } from '../shared/boards/race-board.tsx';
import { activeRaces, className, finishedRaces } from '../shared/live-state.ts';
import { StaleBanner } from '../shared/parts.tsx';
import { useLive } from '../shared/use-live.ts';
import { AnnouncerToggle, useAnnouncer } from './announcer.tsx';
import { NowNext } from './now-next.tsx';
import { PassingsStrip } from './passings-strip.tsx';
import { StandingsView } from './standings-view.tsx';
import { useMeeting } from './use-meeting.ts';
import './scoreboard.css';

const CHANNELS = ['race', 'decoder'] as const;
const RESULTS_SHOWN = 3;

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
  // One event on the board: races of another never show under this one's name and classes.
  const races = event ? state.races.filter((r) => r.event_id === event.event_id) : state.races;
  const active = activeRaces(races);
  const finished = finishedRaces(races).slice(0, RESULTS_SHOWN);
  // With nothing on track, the race that just finished is what everyone wants to read.
  const big = active.length > 0 ? active : finished.slice(0, 1);
  const below = active.length > 0 ? finished : finished.slice(1);
  const live = connection.state === 'live';
  const meeting = useMeeting(event?.event_id ?? null, races.map((r) => `${r.race_id}:${r.status}`).join(','));
  useEffect(() => {
    document.title = event ? `${event.name} · Live timing` : 'Live timing';
  }, [event?.name]);

  return (
    <>
      <StaleBanner connection={connection} />
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
            {active.length === 0 && <p class="idle">{state.synced ? 'No race on track right now.' : 'Waiting for the box…'}</p>}
            {big.length > 0 && (
              <div class={below.length > 0 ? 'now' : 'now now-alone'}>
                {big.map((race) => (
                  <RaceBoard key={race.race_id} race={race} classLabel={className(event, race.class_id)} clock={clock} highlight={state.highlight} />
                ))}
              </div>
            )}
            {below.length > 0 && (
              <section class="results" aria-label="earlier results">
                <h2 class="section-title">{active.length > 0 ? 'Latest results' : 'Earlier results'}</h2>
                {below.map((race) => (
                  <RaceBoard key={race.race_id} race={race} classLabel={className(event, race.class_id)} clock={clock} highlight={null} compact />
                ))}
              </section>
            )}
            <PassingsStrip passings={state.passings} clock={clock} />
          </>
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
