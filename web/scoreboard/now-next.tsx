/** @module "Now and next" of a race meeting: the race on track or at the gate, then the next two with their lanes, plates and riders, so riders and parents know when to head to staging. */
import type { MeetingRaceView, MeetingView } from '../../shared/race/meeting-run/types.ts';
import { className } from '../shared/live-state.ts';
import type { EventView } from '../shared/live-types.ts';
import { motoSheetHref, sheetTitle } from '../shared/results-hrefs.ts';


function classes(event: EventView | null, race: MeetingRaceView): string {
  return race.class_ids.map((id) => className(event, id)).join(' + ');
}

function Lineup({ event, race }: { event: EventView | null; race: MeetingRaceView }) {
  return (
    <ol class="nn-lineup">
      {race.lineup.map((slot) => {
        const rider = slot.rider_id === null ? undefined : event?.riders.find((r) => r.rider_id === slot.rider_id);
        return (
          <li key={slot.lane} class="nn-slot">
            <span class="nn-lane">{slot.lane}</span>
            <span class="nn-plate">{rider?.plate ?? ''}</span>
            <span class="nn-name">{rider?.name ?? slot.rider_id ?? 'to be decided'}</span>
          </li>
        );
      })}
    </ol>
  );
}

function RaceCard({ event, race, label, withLineup }: { event: EventView | null; race: MeetingRaceView; label: string; withLineup: boolean }) {
  return (
    <article class={`nn-race nn-${race.status}`} data-race-id={race.race_id}>
      <p class="nn-label">{label}</p>
      <h3 class="nn-title">
        {race.name} <span class="nn-class">{classes(event, race)}</span>
      </h3>
      {withLineup && <Lineup event={event} race={race} />}
    </article>
  );
}

export function NowNext({ meeting, event }: { meeting: MeetingView | null; event: EventView | null }) {
  if (!meeting || meeting.order.length === 0) return null;
  const byId = new Map(meeting.order.map((r) => [r.race_id, r]));
  const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((r): r is MeetingRaceView => r !== undefined);
  const { now_next: nn } = meeting;
  const atGate = nn.at_gate ? byId.get(nn.at_gate) : undefined;
  const now = [...pick(nn.running).map((race) => ({ race, label: 'On track' })), ...(atGate ? [{ race: atGate, label: atGate.status === 'staged' ? 'At the gate' : 'Up next' }] : [])];
  const next = pick(nn.staging);
  if (now.length === 0 && next.length === 0) return null;
  return (
    <section class="now-next" aria-label="now and next">
      <div class="nn-head">
        <h2 class="section-title">Now and next</h2>
        {nn.at_gate_number !== null && (
          <span class="nn-count">
            Race {nn.at_gate_number} of {nn.total}
          </span>
        )}
        <a class="nn-print" href={motoSheetHref(meeting.event_id)} target="_blank" rel="noopener">
          Print {sheetTitle(meeting.order).toLowerCase()}
        </a>
      </div>
      <div class="nn-races">
        {now.map(({ race, label }) => (
          <RaceCard key={race.race_id} event={event} race={race} label={label} withLineup={false} />
        ))}
        {next.map((race, i) => (
          <RaceCard key={race.race_id} event={event} race={race} label={i === 0 ? 'Next to staging' : 'Then'} withLineup />
        ))}
      </div>
    </section>
  );
}
