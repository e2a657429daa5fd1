/** @module Race control entry: operator, the race on track with its actions, staging, corrections, box status and event setup. */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { activeRaces, finishedRaces } from '../shared/live-state.ts';
import { StaleBanner } from '../shared/parts.tsx';
import { useLive } from '../shared/use-live.ts';
import { loadOperator, type Operator } from './api.ts';
import { Corrections } from './corrections.tsx';
import { EventSetup } from './event-setup.tsx';
import { LoginBar } from './operator.tsx';
import { RacePanel } from './race-panel.tsx';
import { StageForm } from './stage-form.tsx';
import { StatusPanel } from './status-panel.tsx';
import './control.css';

const CHANNELS = ['race', 'decoder'] as const;

function App() {
  const { state, connection, clock } = useLive(CHANNELS);
  const [operator, setOperator] = useState<Operator>(loadOperator);
  // null: follow whatever is on track (or just finished); otherwise the race staff picked.
  const [pickedRaceId, setPickedRaceId] = useState<string | null>(null);

  const active = activeRaces(state.races);
  const finished = finishedRaces(state.races);
  const picked = pickedRaceId === null ? undefined : state.races.find((r) => r.race_id === pickedRaceId);
  const race = picked ?? active[0] ?? finished[0] ?? null;
  const listed = [...active, ...finished];

  return (
    <>
      <StaleBanner connection={connection} />
      <header class="top">
        <div>
          <h1>Race control</h1>
          <div class="muted">{state.event ? `${state.event.name} (${state.event.event_id})` : 'No event set up'}</div>
        </div>
        <LoginBar operator={operator} onChange={setOperator} />
      </header>
      {!operator.pin && <p class="notice">Enter the operator PIN to run races. Watching works without it.</p>}
      <main class="control-grid">
        <RacePanel
          races={listed}
          race={race}
          event={state.event}
          clock={clock}
          highlight={state.highlight}
          operator={operator}
          followCurrent={picked === undefined}
          onSelect={setPickedRaceId}
        />
        <StageForm event={state.event} operator={operator} onStaged={() => setPickedRaceId(null)} />
        <Corrections race={race} event={state.event} operator={operator} />
        <StatusPanel clock={clock} />
        <EventSetup event={state.event} operator={operator} />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
