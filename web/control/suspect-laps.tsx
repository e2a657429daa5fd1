/** @module The laps of a race the referee should look at: probable missed reads (add the crossing) and probable stray reads (confirm the lap or ignore the crossing). */
import { formatRaceTime } from '../shared/format.ts';
import type { RaceDetail } from '../shared/live-types.ts';
import type { IntentRunner } from './operator.tsx';
import { ReasonButton } from './reason-button.tsx';

type LapView = RaceDetail['laps'][string][number];

export interface SuspectLap {
  rider: string;
  /** The lap number it has (missed) or would have once confirmed (short). */
  lap: number;
  view: LapView;
}

/** Every lap still waiting for the referee, in race order: counted laps flagged as missed reads, and crossings set aside as too short. */
export function suspectLaps(detail: RaceDetail): SuspectLap[] {
  const out: SuspectLap[] = [];
  for (const [rider, laps] of Object.entries(detail.laps)) {
    for (const view of laps) {
      if (view.suspect_short) out.push({ rider, lap: view.suspect_lap ?? 0, view });
      else if (view.suspect_missed && !view.rejected) out.push({ rider, lap: view.lap, view });
    }
  }
  return out.sort((a, b) => a.view.time_ms - b.view.time_ms);
}

interface SuspectLapsProps {
  raceId: string;
  laps: SuspectLap[];
  nameOf: (rider: string, ref: string) => string;
  intent: IntentRunner;
}

export function SuspectLaps({ raceId, laps, nameOf, intent }: SuspectLapsProps) {
  if (laps.length === 0) return null;
  return (
    <details class="suspect-fold" open>
      <summary>Suspect laps ({laps.length})</summary>
      <ol class="crossings" aria-label="suspect laps">
        {laps.map(({ rider, lap, view }) => (
          <li key={view.ref} class={`crossing suspect ${view.suspect_short ? 'suspect-short' : 'suspect-missed'}`} data-ref={view.ref}>
            <span class="crossing-time">{formatRaceTime(view.lap_ms)}</span>
            <span class="crossing-who">
              {nameOf(rider, view.ref)} · lap {lap}
              <small>
                at {formatRaceTime(view.time_ms)} ·{' '}
                {view.suspect_short ? 'too short, not counted: a stray read? Confirm it or ignore the crossing' : 'too long: a missed crossing? Add it below'}
              </small>
            </span>
            {view.suspect_short && (
              <ReasonButton
                label="Confirm"
                reasonLabel={`reason to confirm lap ${lap} of ${nameOf(rider, view.ref)}`}
                busy={intent.busy}
                onSubmit={(reason) => void intent.run('lap.confirm', { race_id: raceId, ref: view.ref, reason }, `Lap ${lap} of ${nameOf(rider, view.ref)} confirmed.`)}
              />
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
