/** @module The picked track's events held between two dates (a multi-day event counts when any of its days is in the range), each with its import. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, LIVERC, type EventRecord, type TrackRecord } from './api.ts';
import { EventRow } from './event-row.tsx';

export interface Range {
  from: string;
  to: string;
}

type Listing = { kind: 'loading' } | { kind: 'listed'; events: EventRecord[] } | { kind: 'error'; message: string };

export function EventsPanel({ track, range, onRange }: { track: TrackRecord; range: Range; onRange: (range: Range) => void }) {
  const [listing, setListing] = useState<Listing>({ kind: 'loading' });
  const backwards = range.from > range.to;

  useEffect(() => {
    if (backwards || !range.from || !range.to) return;
    const abort = new AbortController();
    setListing({ kind: 'loading' });
    api<{ events: EventRecord[] }>(`${LIVERC}/tracks/${encodeURIComponent(track.slug)}/events?from=${range.from}&to=${range.to}`, { signal: abort.signal }).then(
      (answer) => {
        // An answer for a range the admin has already left must not replace the newer range's list.
        if (!abort.signal.aborted) setListing({ kind: 'listed', events: answer.events });
      },
      (error) => {
        if (!abort.signal.aborted) setListing({ kind: 'error', message: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [track.slug, range.from, range.to]);

  return (
    <section class="panel events" aria-labelledby="events-title">
      <h2 id="events-title">Events at {track.name}</h2>
      <fieldset class="range">
        <legend>Held between</legend>
        <label>
          From
          <input type="date" name="from" value={range.from} max={range.to} onChange={(e) => onRange({ ...range, from: e.currentTarget.value })} />
        </label>
        <label>
          To
          <input type="date" name="to" value={range.to} min={range.from} onChange={(e) => onRange({ ...range, to: e.currentTarget.value })} />
        </label>
      </fieldset>
      {backwards ? (
        <p class="error">The first date is after the second: pick a “from” on or before the “to”.</p>
      ) : listing.kind === 'loading' ? (
        <p class="note">Reading the events…</p>
      ) : listing.kind === 'error' ? (
        <p class="error" role="alert">
          {listing.message}
        </p>
      ) : listing.events.length === 0 ? (
        <p class="note">No event of this track was held between these dates.</p>
      ) : (
        <ul class="event-list" aria-label="Events">
          {listing.events.map((event) => (
            <EventRow key={event.source_event_id} event={event} />
          ))}
        </ul>
      )}
    </section>
  );
}
