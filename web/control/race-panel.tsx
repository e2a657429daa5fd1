/** @module The race being run: pick it, watch its live board, and start, drop the gate, finish, reset or rescore it. */
import { useState } from 'preact/hooks';
import type { ClockSync } from '../shared/clock-sync.ts';
import { RaceBoard } from '../shared/boards/race-board.tsx';
import { className } from '../shared/live-state.ts';
import type { EventView, Highlight, RaceView } from '../shared/live-types.ts';
import type { Operator } from './api.ts';
import { Feedback, useIntent } from './operator.tsx';
import { raceResultsHref, ResultsLink } from './results-links.tsx';

interface RacePanelProps {
  races: RaceView[];
  race: RaceView | null;
  event: EventView | null;
  clock: ClockSync;
  highlight: Highlight | null;
  operator: Operator;
  onSelect: (raceId: string | null) => void;
  followCurrent: boolean;
}

const STATUS_WORDS: Record<RaceView['status'], string> = { staged: 'staged', running: 'on track', finished: 'final', reset: 'reset' };

/** What staff read in the race list: class, name and where it stands; never the internal id when the race has a name. */
function raceLabel(race: RaceView, event: EventView | null): string {
  return [className(event, race.class_id), race.name || race.race_id, STATUS_WORDS[race.status]].filter(Boolean).join(' · ');
}

function ResetConfirm({ onConfirm, onCancel, busy }: { onConfirm: (reason: string) => void; onCancel: () => void; busy: boolean }) {
  const [reason, setReason] = useState('');
  return (
    <div class="confirm" role="alertdialog" aria-label="confirm reset">
      <p>
        <b>Reset this race?</b> Its results are discarded; the riders can be staged again.
      </p>
      <label>
        Reason
        <input type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder="false start" />
      </label>
      <div class="actions">
        <button type="button" class="btn btn-danger" disabled={busy} onClick={() => onConfirm(reason)}>
          Yes, reset
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function RacePanel({ races, race, event, clock, highlight, operator, onSelect, followCurrent }: RacePanelProps) {
  const intent = useIntent(operator);
  const [confirmReset, setConfirmReset] = useState(false);
  const choices = races.filter((r) => r.status !== 'reset');

  const act = (name: 'race.start' | 'race.gate' | 'race.force_finish' | 'race.rescore', ok: string) => {
    if (race) void intent.run(name, { race_id: race.race_id }, ok);
  };

  return (
    <section class="panel panel-race" aria-label="current race">
      <div class="panel-head">
        <h2>Race</h2>
        <select
          aria-label="race shown"
          value={followCurrent ? '' : (race?.race_id ?? '')}
          onChange={(e) => onSelect(e.currentTarget.value || null)}
        >
          <option value="">Follow the race on track</option>
          {choices.map((r) => (
            <option key={r.race_id} value={r.race_id}>
              {raceLabel(r, event)}
            </option>
          ))}
        </select>
      </div>
      {!race ? (
        <>
          <p class="muted">No race staged. Stage one below.</p>
          <Feedback outcome={intent.outcome} />
        </>
      ) : (
        <>
          <div class="actions">
            {race.status === 'staged' && race.format === 'bmx' && (
              <button type="button" class="btn btn-primary" disabled={intent.busy} onClick={() => act('race.gate', 'Gate dropped.')}>
                Gate drop
              </button>
            )}
            {race.status === 'staged' && race.format !== 'bmx' && (
              <button type="button" class="btn btn-primary" disabled={intent.busy} onClick={() => act('race.start', 'Started.')}>
                Start
              </button>
            )}
            {race.status === 'running' && (
              <button type="button" class="btn btn-primary" disabled={intent.busy} onClick={() => act('race.force_finish', 'Finished.')}>
                Force finish
              </button>
            )}
            {race.status === 'finished' && (
              <button type="button" class="btn" disabled={intent.busy} onClick={() => act('race.rescore', 'Rescored.')}>
                Rescore
              </button>
            )}
            {race.status === 'finished' && <ResultsLink href={raceResultsHref(race)} label="Results sheet" title={`Printable results of ${race.name || race.race_id}`} />}
            {race.status !== 'finished' && race.status !== 'reset' && (
              <button type="button" class="btn btn-danger" disabled={intent.busy} onClick={() => setConfirmReset(true)}>
                Reset
              </button>
            )}
          </div>
          {confirmReset && (
            <ResetConfirm
              busy={intent.busy}
              onCancel={() => setConfirmReset(false)}
              onConfirm={(reason) => {
                setConfirmReset(false);
                void intent.run('race.reset', { race_id: race.race_id, ...(reason.trim() ? { reason: reason.trim() } : {}) }, 'Race reset.');
              }}
            />
          )}
          <Feedback outcome={intent.outcome} />
          <RaceBoard race={race} classLabel={className(event, race.class_id)} clock={clock} highlight={highlight} compact />
        </>
      )}
    </section>
  );
}
