/** @module The events our boxes timed that reached the cloud, newest first, each opening the same event view as a LiveRC import. */
import type { LapEvent } from '../../shared/contracts/lap-model.ts';
import { BOX } from './api.ts';
import { eventHref } from './route.ts';
import { NotYet, useFetch } from './use-fetch.tsx';

const dates = (e: LapEvent) => (e.date_end && e.date_end !== e.date_start ? `${e.date_start} to ${e.date_end}` : (e.date_start ?? 'no date'));

export function BoxEvents() {
  const list = useFetch<{ events: LapEvent[]; limit: number }>(`${BOX}/events`);
  return (
    <section class="panel box-events" aria-labelledby="box-title">
      <p class="crumbs">
        <a href="#/">← Find a LiveRC track</a>
      </p>
      <h2 id="box-title">Timed by our boxes</h2>
      {list.kind !== 'ok' ? (
        <NotYet state={list} loading="Reading the events…" />
      ) : list.body.events.length === 0 ? (
        <p class="note">No timed race from a box has reached the cloud yet.</p>
      ) : (
        <ul class="race-list">
          {list.body.events.map((e) => (
            <li key={`${e.track_id}/${e.event_id}`} data-track={e.track_id} data-event-id={e.event_id}>
              <a href={eventHref(e.event_id, { kind: 'box', track: e.track_id })}>{e.name}</a>
              <span class="note">
                {e.track_id} · {dates(e)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {list.kind === 'ok' && list.body.events.length >= list.body.limit && <p class="note">Only the newest {list.body.limit} are listed.</p>}
    </section>
  );
}
