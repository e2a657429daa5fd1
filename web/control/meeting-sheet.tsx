/** @module The meeting's running order for race control: now and next at the top, then the moto sheet or heat list folded by round, each race with class, lanes or grid, riders and status. */
import { sheetTitle } from '../shared/results-hrefs.ts';
import { MotoSheetLink } from './results-links.tsx';
import { bumpText } from './bump-text.ts';
import { foldsOf, STATUS_WORDS, type MeetingRaceView, type MeetingView, type PlannedRace, type Riders } from './meeting-model.ts';

/** The badge wraps between its words on a narrow phone column, never inside the main's name ("C-" / "Main"). */
function BumpNote({ text }: { text: string }) {
  const last = text.lastIndexOf(' ') + 1;
  return (
    <span class="bump-note">
      {text.slice(0, last)}
      <span class="bump-from">{text.slice(last)}</span>
    </span>
  );
}

export function Lineup({ race, riders }: { race: PlannedRace; riders: Riders }) {
  const place = race.format === 'bmx' ? 'Lane' : 'Grid';
  return (
    <ol class="meeting-lineup">
      {race.lineup.map((slot) => (
        <li key={slot.lane} class={slot.rider_id === null ? 'open-place' : slot.bump ? 'bumped' : undefined}>
          <span class="lane-no">
            {place} {slot.lane}
          </span>{' '}
          {slot.bump && slot.rider_id === null ? bumpText(slot) : riders.label(slot.rider_id)}
          {slot.bump && slot.rider_id !== null && (
            <>
              {' '}
              <BumpNote text={bumpText(slot)!} />
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

const classesOf = (race: PlannedRace, riders: Riders) => race.class_ids.map((id) => riders.className(id)).join(' + ');

function RaceRow({ race, riders }: { race: MeetingRaceView; riders: Riders }) {
  return (
    <li class={`meeting-race status-${race.status}`} data-race={race.race_id}>
      <div class="meeting-race-head">
        <b>{race.name}</b> <span class="muted">{classesOf(race, riders)}</span>{' '}
        <span class={`race-status status-${race.status}`}>{STATUS_WORDS[race.status]}</span>
      </div>
      {race.status !== 'skipped' && <Lineup race={race} riders={riders} />}
    </li>
  );
}

function NowLine({ label, race, riders, detail }: { label: string; race: MeetingRaceView; riders: Riders; detail: boolean }) {
  return (
    <li class="now-line">
      <span class="now-label">{label}</span>{' '}
      <b>{race.name}</b> <span class="muted">{classesOf(race, riders)}</span>
      {detail && <Lineup race={race} riders={riders} />}
    </li>
  );
}

/** On track, at the gate (with its lanes: what the gate marshal calls), and the next two. */
export function NowNext({ view, riders }: { view: MeetingView; riders: Riders }) {
  const byId = new Map(view.order.map((r) => [r.race_id, r]));
  const { running, at_gate, staging, at_gate_number, total } = view.now_next;
  const gate = at_gate ? byId.get(at_gate) : undefined;
  const lines = [
    ...running.flatMap((id) => (byId.has(id) ? [{ label: 'On track', race: byId.get(id)!, detail: false }] : [])),
    ...(gate ? [{ label: gate.status === 'staged' ? 'At the gate' : 'Up next', race: gate, detail: true }] : []),
    ...staging.flatMap((id) => (byId.has(id) ? [{ label: 'Then', race: byId.get(id)!, detail: false }] : [])),
  ];
  return (
    <div class="now-next" aria-label="now and next">
      <h3>
        Now and next {at_gate_number !== null && <span class="muted">· {at_gate_number} of {total}</span>}
      </h3>
      {lines.length === 0 ? (
        <p class="muted">Nothing left to run in the order.</p>
      ) : (
        <ul>
          {lines.map((l) => (
            <NowLine key={l.race.race_id} label={l.label} race={l.race} riders={riders} detail={l.detail} />
          ))}
        </ul>
      )}
    </div>
  );
}

export function MotoSheet({ view, riders }: { view: MeetingView; riders: Riders }) {
  const folds = foldsOf(view);
  const title = sheetTitle(view.order);
  return (
    <div class="moto-sheet" aria-label={title.toLowerCase()}>
      <div class="sheet-head">
        <h3>{title}</h3>
        <MotoSheetLink eventId={view.event_id} title={title} small />
      </div>
      {folds.map((fold) => {
        const done = fold.races.filter((r) => r.status === 'finished' || r.status === 'skipped').length;
        return (
          <details key={`${fold.key}:${fold.current}`} class="fold sheet-round" open={fold.current}>
            <summary>
              {fold.title} <span class="muted">· {done}/{fold.races.length} run</span>
            </summary>
            <ol class="meeting-races">
              {fold.races.map((race) => (
                <RaceRow key={race.race_id} race={race} riders={riders} />
              ))}
            </ol>
          </details>
        );
      })}
    </div>
  );
}
