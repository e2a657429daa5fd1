/** @module Race control entry: operator, the event worked on, its meeting, the race on track with its actions, staging, corrections, event setup and box status. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { activeRaces, finishedRaces } from '../shared/live-state.ts';
import { FirstbootBanner } from '../shared/firstboot-banner.tsx';
import { StaleBanner } from '../shared/parts.tsx';
import { useLive } from '../shared/use-live.ts';
import { loadOperator, type Operator } from './api.ts';
import { Corrections } from './corrections.tsx';
import { EventPicker, useEventList } from './event-picker.tsx';
import { EventSetup } from './event-setup.tsx';
import { MeetingPanel } from './meeting-panel.tsx';
import { LoginBar } from './operator.tsx';
import { RacePanel } from './race-panel.tsx';
import { eventResultsHref, ResultsLink } from './results-links.tsx';
import { StageForm } from './stage-form.tsx';
import { StatusPanel } from './status-panel.tsx';
import './control.css';
import './meeting.css';
import './mains.css';

const CHANNELS = ['race', 'decoder'] as const;

function App() {
  // null: follow the event in progress, as the box names it (what a reload or a second phone lands on).
  const [pickedEventId, setPickedEventId] = useState<string | null>(null);
  // Bumped by every race or meeting change on the feed: the meeting section reads its view again (throttled there).
  const [news, setNews] = useState(0);
  const { state, connection, clock } = useLive(CHANNELS, pickedEventId, (_before, message) => {
    if (message.kind === 'event' && message.channel === 'race') setNews((n) => n + 1);
  });
  const [operator, setOperator] = useState<Operator>(loadOperator);
  // null: follow whatever is on track (or just finished); otherwise the race staff picked.
  const [pickedRaceId, setPickedRaceId] = useState<string | null>(null);
  /** The races of the shown event's meeting: their class comes from the sheet, so Corrections offers no class move. */
  const [meetingRuns, setMeetingRuns] = useState<ReadonlySet<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [saves, setSaves] = useState(0);
  const event = state.event;
  const eventId = event?.event_id ?? null;
  const list = useEventList(eventId, saves);

  useEffect(() => setPickedRaceId(null), [eventId]);
  useEffect(() => {
    document.title = event ? `${event.name} · Race control` : 'Race control';
  }, [event?.name]);

  const active = activeRaces(state.races);
  const finished = finishedRaces(state.races);
  const picked = pickedRaceId === null ? undefined : state.races.find((r) => r.race_id === pickedRaceId);
  const race = picked ?? active[0] ?? finished[0] ?? null;
  const listed = [...active, ...finished];

  return (
    <>
      <StaleBanner connection={connection} />
      <FirstbootBanner firstboot={state.status?.firstboot} />
      <header class="top">
        <div class="top-title">
          <div class="title-row">
            <h1>Race control</h1>
            <div class="title-actions">
              <ResultsLink href={eventResultsHref(event)} label="Results" small title={event ? `Printable results of ${event.name}` : 'Printable results of every event'} />
              <button type="button" class="btn btn-small" onClick={() => setCreating(true)}>
                New event
              </button>
            </div>
          </div>
          <EventPicker
            list={list}
            shown={event}
            picked={pickedEventId}
            onPick={(id) => {
              setCreating(false);
              setPickedEventId(id);
            }}
          />
        </div>
        <LoginBar operator={operator} onChange={setOperator} />
      </header>
      {!operator.pin && <p class="notice">Enter the operator PIN to run races. Watching works without it.</p>}
      <main class="control-grid">
        {creating && (
          <EventSetup
            key="new"
            event={null}
            operator={operator}
            creating
            onCancel={() => setCreating(false)}
            onSaved={(id) => {
              setCreating(false);
              setSaves((n) => n + 1);
              setPickedEventId(id);
            }}
          />
        )}
        {event && <MeetingPanel key={eventId ?? 'none'} event={event} operator={operator} news={news} onRuns={setMeetingRuns} />}
        <RacePanel races={listed} race={race} event={event} clock={clock} highlight={state.highlight} operator={operator} followCurrent={picked === undefined} onSelect={setPickedRaceId} />
        <StageForm key={eventId ?? 'none'} event={event} races={state.races} operator={operator} onStaged={() => setPickedRaceId(null)} />
        <Corrections race={race} event={event} operator={operator} inMeeting={race !== null && meetingRuns.has(race.race_id)} />
        <StatusPanel clock={clock} />
        {!creating && (
          <EventSetup
            key={eventId ?? 'none'}
            event={event}
            operator={operator}
            creating={false}
            onCancel={() => undefined}
            onSaved={() => setSaves((n) => n + 1)}
            onEdit={() => eventId !== null && setPickedEventId(eventId)}
          />
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
