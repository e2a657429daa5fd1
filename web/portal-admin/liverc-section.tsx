/** @module The console's LiveRC section: sync the track list, read one track's events again, import one event again; each answer or refusal shown under its button. */
import { useState } from 'preact/hooks';
import { adminApi } from './admin-api.ts';
import { Outcome } from './parts.tsx';
import { useAction } from './use-action.ts';

export function LiveRcSection({ onJob }: { onJob: () => void }) {
  const sync = useAction<Awaited<ReturnType<typeof adminApi.syncTracks>>>();
  const refresh = useAction<Awaited<ReturnType<typeof adminApi.refreshEvents>>>();
  const reingest = useAction<Awaited<ReturnType<typeof adminApi.reingest>>>();
  const [slug, setSlug] = useState('');
  const [eventId, setEventId] = useState('');

  return (
    <section class="panel" aria-labelledby="liverc-title">
      <h2 id="liverc-title">LiveRC</h2>
      <div class="row">
        <button type="button" disabled={sync.view.kind === 'busy'} onClick={() => void sync.run(adminApi.syncTracks)}>
          Sync tracks
        </button>
      </div>
      <Outcome view={sync.view} done={(r) => `${r.tracks} tracks: ${r.added} added, ${r.updated} updated, ${r.inactive} inactive`} />
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void refresh.run(() => adminApi.refreshEvents(slug.trim()));
        }}
      >
        <label>
          Track slug
          <input name="slug" autocapitalize="none" spellcheck={false} required value={slug} onInput={(e) => setSlug(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={refresh.view.kind === 'busy'}>
          Sync events
        </button>
      </form>
      <Outcome view={refresh.view} done={(r) => `${r.track}: ${r.events} events, ${r.added.length} new, ${r.updated} updated`} />
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void reingest.run(() => adminApi.reingest(eventId.trim())).then((r) => r?.job && onJob());
        }}
      >
        <label>
          Event id
          <input name="event" inputMode="numeric" required value={eventId} onInput={(e) => setEventId(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={reingest.view.kind === 'busy'}>
          Re-ingest event
        </button>
      </form>
      <Outcome view={reingest.view} done={(r) => (r.job ? `job ${r.job.job_id} ${r.duplicate ? 'was already queued' : 'queued'}: follow it under Jobs` : `nothing to do (${r.status ?? 'no job'})`)} />
    </section>
  );
}
