/** @module One event in the list: its name and days, and its import: a button, "Importing… 3 of 12 races" with a bar while the job runs, what was imported, or why it failed. */
import type { EventRecord } from './api.ts';
import { eventHref } from './route.ts';
import { useImport, type ImportView } from './use-import.ts';

const days = (e: EventRecord) => (e.date_end && e.date_end !== e.date_start ? `${e.date_start} to ${e.date_end}` : e.date_start);

function progressText(view: Extract<ImportView, { kind: 'following' }>): string {
  const { races_done, races_total } = view.progress;
  if (races_total > 0) return `Importing… ${races_done} of ${races_total} races`;
  return view.job.state === 'queued' ? 'Importing… waiting for its turn' : 'Importing… reading the event page';
}

function ImportState({ view, start, name, id }: { view: ImportView; start: () => void; name: string; id: string }) {
  switch (view.kind) {
    case 'idle':
      return (
        <button type="button" class="primary" onClick={start} aria-label={`Import ${name}`}>
          Import
        </button>
      );
    case 'starting':
      return <p class="importing">Importing…</p>;
    case 'following':
      return (
        <div class="importing">
          <p>{progressText(view)}</p>
          <progress max={Math.max(view.progress.races_total, 1)} value={view.progress.races_done} aria-label={`${name}: import progress`} />
        </div>
      );
    case 'done':
      return (
        <div class="done">
          <p class="imported">Imported{view.races !== null ? `: ${view.races} races, ${view.laps ?? 0} laps` : ''}</p>
          <a class="open" href={eventHref(id)} aria-label={`Open ${name}`}>
            Open
          </a>
        </div>
      );
    case 'failed':
      return (
        <div class="failed">
          <p role="alert">Import failed: {view.message}</p>
          <button type="button" onClick={start} aria-label={`Import ${name} again`}>
            Try again
          </button>
        </div>
      );
  }
}

export function EventRow({ event }: { event: EventRecord }) {
  const { view, start } = useImport(event);
  return (
    <li class="event" data-event-id={event.source_event_id} data-import={view.kind}>
      <div class="event-head">
        <span class="event-name">{event.name}</span>
        <span class="event-days">{days(event)}</span>
      </div>
      <ImportState view={view} start={start} name={event.name} id={event.source_event_id} />
    </li>
  );
}
