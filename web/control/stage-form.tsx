/** @module Staging a race: class and format (from the class), the name and round proposed per class, the lineup with BMX lanes, BMX minimum and maximum time, timed duration and minimum lap. */
import { useEffect, useState } from 'preact/hooks';
import type { RaceFormat } from '../../shared/contracts/control.ts';
import type { EventView, RaceView } from '../shared/live-types.ts';
import { getJson, type Operator } from './api.ts';
import { Feedback, useIntent } from './operator.tsx';
import { defaultClass, defaultFormat, emptyStage, GATE_LANES, nameChoices, pickAll, proposeRace, renumberLanes, setLane, stageArgs, togglePick, type StageDraft } from './stage-model.ts';

const FORMATS: { value: RaceFormat; label: string }[] = [
  { value: 'bmx', label: 'BMX moto' },
  { value: 'timed', label: 'Timed race' },
  { value: 'practice', label: 'Practice' },
];

const STAGE_WORDS: Record<RaceFormat, string> = { bmx: 'BMX moto', timed: 'timed race', practice: 'practice' };

/** Every race of the event (the live feed holds only the latest), read again whenever one is staged or changes status. */
function useEventRaces(eventId: string, changed: string): RaceView[] {
  const [races, setRaces] = useState<RaceView[]>([]);
  useEffect(() => {
    let current = true;
    getJson<{ races: RaceView[] }>(`/api/races?event_id=${encodeURIComponent(eventId)}`)
      .then((body) => current && setRaces(body.races))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [eventId, changed]);
  return races;
}

function startDraft(event: EventView): StageDraft {
  const classId = defaultClass(event);
  return { ...emptyStage(defaultFormat(event, classId)), class_id: classId };
}

/** Mounted per event (keyed by its id), so a new event starts on its own classes. */
export function StageForm({ event, races: liveRaces, operator, onStaged }: { event: EventView | null; races: RaceView[]; operator: Operator; onStaged: () => void }) {
  if (!event) {
    return (
      <section class="panel" aria-label="stage a race">
        <h2>Stage a race</h2>
        <p class="muted">Set up the event first: its riders are the ones you can stage.</p>
      </section>
    );
  }
  return <StageEventForm event={event} liveRaces={liveRaces} operator={operator} onStaged={onStaged} />;
}

function StageEventForm({ event, liveRaces, operator, onStaged }: { event: EventView; liveRaces: RaceView[]; operator: Operator; onStaged: () => void }) {
  const [draft, setDraft] = useState<StageDraft>(() => startDraft(event));
  // Until staff type a name or round, the form proposes the next one.
  const [typed, setTyped] = useState({ name: false, round: false });
  const intent = useIntent(operator);
  const patch = (change: Partial<StageDraft>) => setDraft((d) => ({ ...d, ...change }));
  const races = useEventRaces(event.event_id, liveRaces.map((r) => `${r.race_id}:${r.status}`).join(','));
  const proposal = proposeRace(races, draft.class_id, draft.format);
  const name = typed.name ? draft.name : proposal.name;
  const round = typed.round ? draft.round : proposal.round;

  const riders = event.riders.filter((r) => !draft.class_id || r.class_id === draft.class_id);
  const pickOf = (riderId: string) => draft.picks.find((p) => p.rider_id === riderId);
  const bmx = draft.format === 'bmx';

  const submit = async (e: Event) => {
    e.preventDefault();
    const built = stageArgs({ ...draft, name, round }, event.event_id);
    if (!built.ok) {
      intent.fail([built.problem]);
      return;
    }
    const result = await intent.run('race.stage', built.args, `Staged ${name}.`);
    if (result) {
      setDraft((d) => ({ ...d, picks: [], name: '', round: '' }));
      setTyped({ name: false, round: false });
      onStaged();
    }
  };

  return (
    <section class="panel" aria-label="stage a race">
      <h2>Stage a race</h2>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <div class="fields fields-grid">
          <label>
            Class
            <select
              value={draft.class_id}
              onChange={(e) => {
                const classId = e.currentTarget.value;
                patch({ class_id: classId, picks: [], format: defaultFormat(event, classId) });
              }}
            >
              {event.classes.map((c) => (
                <option key={c.class_id} value={c.class_id}>
                  {c.name}
                </option>
              ))}
              <option value="">{event.classes.length > 0 ? 'No class (open)' : 'All riders'}</option>
            </select>
          </label>
          <label>
            Format
            <select value={draft.format} onChange={(e) => patch({ format: e.currentTarget.value as RaceFormat })}>
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Race name
            <input
              type="text"
              list="race-names"
              value={name}
              onInput={(e) => {
                setTyped((t) => ({ ...t, name: true }));
                patch({ name: e.currentTarget.value });
              }}
            />
            <datalist id="race-names">
              {nameChoices(draft.format, proposal.name).map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </label>
          <label>
            Round
            <input
              type="number"
              min={1}
              max={99}
              value={round}
              onInput={(e) => {
                setTyped((t) => ({ ...t, round: true }));
                patch({ round: e.currentTarget.value });
              }}
            />
          </label>
          {draft.format === 'timed' && (
            <>
              <label>
                Duration (m:ss)
                <input type="text" inputMode="numeric" value={draft.duration} onInput={(e) => patch({ duration: e.currentTarget.value })} />
              </label>
              <label>
                Start
                <select value={draft.start_mode} onChange={(e) => patch({ start_mode: e.currentTarget.value as StageDraft['start_mode'] })}>
                  <option value="staggered">Staggered</option>
                  <option value="mass">Mass start</option>
                </select>
              </label>
            </>
          )}
          {bmx && (
            <>
              <label>
                Min time (s)
                <input type="number" min={0} step="0.1" value={draft.min_time_s} onInput={(e) => patch({ min_time_s: e.currentTarget.value })} />
              </label>
              <label>
                Max time (s)
                <input type="number" min={5} step="1" value={draft.max_time_s} onInput={(e) => patch({ max_time_s: e.currentTarget.value })} />
              </label>
            </>
          )}
          {!bmx && (
            <label>
              Min lap (s)
              <input type="number" min={0} step="0.1" value={draft.min_lap_s} onInput={(e) => patch({ min_lap_s: e.currentTarget.value })} />
            </label>
          )}
        </div>
        <fieldset class="lineup">
          <legend>
            Lineup {bmx ? '(lanes in the order you pick)' : draft.format === 'practice' ? '(none picked: open practice)' : ''}
          </legend>
          {riders.length === 0 && <p class="muted">{event.riders.length === 0 ? 'No riders in this event: add them under Event setup.' : 'No riders in this class.'}</p>}
          <ul>
            {riders.map((r) => {
              const pick = pickOf(r.rider_id);
              return (
                <li key={r.rider_id} class={pick ? 'lineup-row lineup-on' : 'lineup-row'}>
                  <label>
                    <input type="checkbox" checked={pick !== undefined} onChange={() => patch({ picks: togglePick(draft.picks, r.rider_id) })} />
                    <span class="plate">{r.plate ?? '–'}</span> {r.name}
                  </label>
                  {bmx && pick && (
                    <label class="lane">
                      Lane
                      <input type="number" min={1} max={8} value={pick.lane} onInput={(e) => patch({ picks: setLane(draft.picks, r.rider_id, e.currentTarget.value) })} />
                    </label>
                  )}
                </li>
              );
            })}
          </ul>
          <div class="actions">
            {riders.length > 1 && draft.picks.length === 0 && (
              <button type="button" class="btn btn-small" onClick={() => patch({ picks: pickAll(riders.map((r) => r.rider_id), bmx) })}>
                Pick {bmx && riders.length > GATE_LANES ? `the first ${GATE_LANES}` : `all ${riders.length}`}
              </button>
            )}
            {bmx && draft.picks.length > 0 && (
              <button type="button" class="btn btn-small" onClick={() => patch({ picks: renumberLanes(draft.picks) })}>
                Renumber lanes 1–{draft.picks.length}
              </button>
            )}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled={intent.busy}>
            Stage {STAGE_WORDS[draft.format]}
          </button>
        </div>
        <Feedback outcome={intent.outcome} />
      </form>
    </section>
  );
}
