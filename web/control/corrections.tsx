/** @module Corrections to a race: its suspect laps, every crossing it saw (folded) with an Ignore button, a crossing added by hand, and its class, each with a reason. */
import { useEffect, useState } from 'preact/hooks';
import { formatRaceTime } from '../shared/format.ts';
import type { EventView, RaceDetail, RaceView } from '../shared/live-types.ts';
import { ApiError, getJson, type Operator } from './api.ts';
import { ClassCorrection } from './class-correction.tsx';
import { Feedback, useIntent } from './operator.tsx';
import { ReasonButton } from './reason-button.tsx';
import { SuspectLaps, suspectLaps } from './suspect-laps.tsx';

/** Reloads the race's crossings whenever the race changes (its revision moves with every correction). */
function useRaceDetail(race: RaceView | null): { detail: RaceDetail | null; problem: string | null } {
  const [detail, setDetail] = useState<RaceDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const raceId = race?.race_id ?? null;
  const revision = race?.revision ?? 0;
  useEffect(() => {
    if (raceId === null) {
      setDetail(null);
      return;
    }
    let current = true;
    getJson<RaceDetail>(`/api/races/${encodeURIComponent(raceId)}`)
      .then((d) => current && (setDetail(d), setProblem(null)))
      .catch((error: unknown) => current && setProblem(error instanceof ApiError ? error.lines.join(' ') : String(error)));
    return () => {
      current = false;
    };
  }, [raceId, revision]);
  return { detail: detail?.race.race_id === raceId ? detail : null, problem };
}

function riderName(event: EventView | null, race: RaceView, riderId: string | null): string | null {
  if (riderId === null) return null;
  const row = (race.rows as { rider_id: string | null; name: string }[]).find((r) => r.rider_id === riderId);
  return row?.name ?? event?.riders.find((r) => r.rider_id === riderId)?.name ?? riderId;
}

function AddCrossing({ race, event, onAdd, busy }: { race: RaceView; event: EventView | null; onAdd: (args: { rider_id: string; time_ms: number; reason: string }) => void; busy: boolean }) {
  const riders = (race.rows as { rider_id: string | null; name: string }[]).filter((r): r is { rider_id: string; name: string } => r.rider_id !== null);
  const choices = riders.length > 0 ? riders : (event?.riders ?? []);
  const [riderId, setRiderId] = useState('');
  const [seconds, setSeconds] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      class="form add-crossing"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd({ rider_id: riderId, time_ms: Math.round(Number(seconds) * 1000), reason });
      }}
    >
      <h3>Add crossing</h3>
      <div class="fields">
        <label>
          Rider
          <select value={riderId} onChange={(e) => setRiderId(e.currentTarget.value)} required>
            <option value="">choose…</option>
            {choices.map((r) => (
              <option key={r.rider_id} value={r.rider_id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Race time (s)
          <input type="number" min={0} step="0.001" value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} required />
        </label>
        <label>
          Reason
          <input type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder="missed read, seen by the judge" required />
        </label>
      </div>
      <button type="submit" class="btn" disabled={busy || !riderId || seconds === ''}>
        Add crossing
      </button>
    </form>
  );
}

/** `inMeeting`: the race is one of the event's meeting, whose class comes from the sheet and cannot be moved. */
export function Corrections({ race, event, operator, inMeeting }: { race: RaceView | null; event: EventView | null; operator: Operator; inMeeting: boolean }) {
  const { detail, problem } = useRaceDetail(race);
  const intent = useIntent(operator);
  if (!race) return null;
  const passings = [...(detail?.passings ?? [])].sort((a, b) => a.time_ms - b.time_ms);
  /** Practice keys unknown cars by transponder (`t1234`): their name is the board's `#1234`. */
  const nameOf = (rider: string, ref: string) => {
    const known = riderName(event, race, rider);
    if (known !== null && known !== rider) return known;
    const transponder = detail?.passings.find((p) => p.ref === ref)?.transponder ?? null;
    const row = (race.rows as { transponder: number | null; name: string }[]).find((r) => transponder !== null && r.transponder === transponder);
    return row?.name ?? (transponder !== null ? `#${transponder}` : rider);
  };
  return (
    <section class="panel" aria-label="corrections">
      <h2>Corrections · {race.name || race.race_id}</h2>
      {problem && <p class="feedback feedback-error">{problem}</p>}
      <Feedback outcome={intent.outcome} />
      {detail && <SuspectLaps raceId={race.race_id} laps={suspectLaps(detail)} nameOf={nameOf} intent={intent} />}
      {passings.length === 0 ? (
        <p class="muted">{detail ? 'No crossings in this race yet.' : 'Loading crossings…'}</p>
      ) : (
        // Folded: a practice collects hundreds of crossings, and the phone page must stay short.
        <details class="crossings-fold">
          <summary>Crossings ({passings.length})</summary>
          <ol class="crossings" aria-label="crossings">
            {passings.map((p) => (
              <li key={p.ref} class={p.ignored ? 'crossing crossing-ignored' : 'crossing'}>
                <span class="crossing-time">{formatRaceTime(p.time_ms)}</span>
                <span class="crossing-who">
                  {riderName(event, race, p.rider_id) ?? (p.transponder !== null ? `#${p.transponder}` : '?')}
                  <small>
                    {p.ref}
                    {p.manual ? ' · added' : ''}
                    {p.ignored ? ' · ignored' : ''}
                  </small>
                </span>
                {!p.ignored && (
                  <ReasonButton
                    label="Ignore"
                    reasonLabel={`reason to ignore ${p.ref}`}
                    danger
                    busy={intent.busy}
                    onSubmit={(reason) => void intent.run('passing.ignore', { race_id: race.race_id, ref: p.ref, reason }, `Crossing ${p.ref} ignored.`)}
                  />
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      <AddCrossing race={race} event={event} busy={intent.busy} onAdd={(args) => void intent.run('passing.add', { race_id: race.race_id, ...args }, 'Crossing added.')} />
      {!inMeeting && <ClassCorrection race={race} event={event} busy={intent.busy} onMove={(args) => void intent.run('race.set_class', { race_id: race.race_id, ...args }, 'Race moved to another class.')} />}
    </section>
  );
}
