/** @module The live board of one track as spectators read it, shared by the LAN scoreboard and the cloud portal: the race on track big (or the one just finished), then the latest results. */
import type { ClockSync } from '../clock-sync.ts';
import { activeRaces, className, finishedRaces, type LiveState } from '../live-state.ts';
import { RaceBoard } from './race-board.tsx';

const RESULTS_SHOWN = 3;

/** One event on the board: races of another never show under this one's name and classes. */
export function eventRaces(state: LiveState): LiveState['races'] {
  const event = state.event;
  return event ? state.races.filter((r) => r.event_id === event.event_id) : state.races;
}

export function LiveBoard({ state, clock }: { state: LiveState; clock: ClockSync }) {
  const event = state.event;
  const races = eventRaces(state);
  const active = activeRaces(races);
  const finished = finishedRaces(races).slice(0, RESULTS_SHOWN);
  // With nothing on track, the race that just finished is what everyone wants to read.
  const big = active.length > 0 ? active : finished.slice(0, 1);
  const below = active.length > 0 ? finished : finished.slice(1);
  return (
    <>
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
    </>
  );
}
