/** @module Overlay entry: a transparent tower for a streaming PC (an OBS browser source), the running order of the race on track, fed by the live feed like the scoreboard. */
import { render } from 'preact';
import { raceTitle, statusLabel } from '../shared/board-order.ts';
import { className } from '../shared/live-state.ts';
import { Countdown, RunningClock } from '../shared/parts.tsx';
import { useLive } from '../shared/use-live.ts';
import type { ClockSync } from '../shared/clock-sync.ts';
import type { RaceView } from '../shared/live-types.ts';
import { overlayOptions, pickRace, towerRows } from './tower.ts';
import './overlay.css';

const CHANNELS = ['race'] as const;
const options = overlayOptions(location.search);

function Clock({ race, clock }: { race: RaceView; clock: ClockSync }) {
  if (race.status !== 'running' || race.started_at_us === null) return null;
  if (race.format === 'timed' && race.ends_at_us !== null) return <Countdown endsAtUs={race.ends_at_us} clock={clock} />;
  return <RunningClock startedAtUs={race.started_at_us} clock={clock} />;
}

function App() {
  const { state, connection, clock } = useLive(CHANNELS);
  const race = pickRace(state.races, options.race);
  // Nothing on a stream rather than a stale or empty panel: the overlay simply disappears.
  if (!race || connection.state !== 'live') return null;
  const { title, subtitle } = raceTitle(race, className(state.event, race.class_id));
  const rows = towerRows(race, options.rows);
  return (
    <section class="tower" data-race-id={race.race_id} aria-label="running order">
      <header class="tower-head">
        <div class="tower-title">
          <span class="tower-name">{title}</span>
          {subtitle && <span class="tower-sub">{subtitle}</span>}
        </div>
        <div class="tower-state">
          <span class={`tower-badge tower-badge-${race.status}`}>{statusLabel(race)}</span>
          <Clock race={race} clock={clock} />
        </div>
      </header>
      <ol class="tower-rows">
        {rows.map((row) => (
          <li key={row.key} class={row.finished ? 'tower-row tower-row-done' : 'tower-row'}>
            <span class="tower-place">{row.place}</span>
            <span class="tower-plate">{row.plate ?? ''}</span>
            <span class="tower-driver">{row.name}</span>
            <span class="tower-figure">{row.figure}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

render(<App />, document.getElementById('app')!);
