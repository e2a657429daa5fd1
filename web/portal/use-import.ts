/**
 * @module One event's import as its row shows it: POST events/:id/import, then the job's SSE
 * stream (`state`, then `progress` steps, a final `state`). A job found queued or running — a
 * second click, another admin's import, a page reloaded mid-import — is followed the same way.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, errorText, LIVERC, type EventRecord, type JobState } from './api.ts';

type Progress = JobState['progress'];

export type ImportView =
  | { kind: 'idle' }
  | { kind: 'starting' }
  | { kind: 'following'; job: JobState; progress: Progress }
  | { kind: 'done'; races: number | null; laps: number | null }
  | { kind: 'failed'; message: string };

const live = (job: JobState) => job.state === 'queued' || job.state === 'running';

function ended(job: JobState): ImportView {
  if (job.state === 'done') return { kind: 'done', races: job.result?.import.races ?? null, laps: job.result?.import.laps ?? null };
  return { kind: 'failed', message: job.error ? job.error.message : 'the import stopped' };
}

const fromEvent = (event: EventRecord): ImportView => (event.ingest_depth === 'laps_full' ? { kind: 'done', races: event.races, laps: event.laps } : { kind: 'idle' });

export function useImport(event: EventRecord): { view: ImportView; start: () => void } {
  const [view, setView] = useState<ImportView>(() => fromEvent(event));
  const stream = useRef<EventSource | null>(null);

  const stop = () => {
    stream.current?.close();
    stream.current = null;
  };

  const follow = (job: JobState) => {
    stop();
    if (!live(job)) {
      setView(ended(job));
      return;
    }
    setView({ kind: 'following', job, progress: job.progress });
    const source = new EventSource(`${LIVERC}/jobs/${encodeURIComponent(job.job_id)}/stream`);
    stream.current = source;
    source.addEventListener('state', (m) => {
      const next = JSON.parse((m as MessageEvent<string>).data) as JobState;
      if (live(next)) setView({ kind: 'following', job: next, progress: next.progress });
      else {
        stop();
        setView(ended(next));
      }
    });
    source.addEventListener('progress', (m) => {
      const progress = JSON.parse((m as MessageEvent<string>).data) as Progress;
      setView((v) => (v.kind === 'following' ? { ...v, progress } : v));
    });
    // The browser reconnects a dropped stream by itself; one it gave up on (a refusal) is read once as JSON to learn why.
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      stop();
      api<{ job: JobState }>(`${LIVERC}/jobs/${encodeURIComponent(job.job_id)}`).then(
        (answer) => (live(answer.job) ? follow(answer.job) : setView(ended(answer.job))),
        (error) => setView({ kind: 'failed', message: errorText(error) }),
      );
    };
  };

  // An event not yet imported may have an import under way from before this page was loaded.
  useEffect(() => {
    if (event.ingest_depth === 'laps_full') return;
    let gone = false;
    api<{ job: JobState }>(`${LIVERC}/events/${event.source_event_id}/job`).then(
      (answer) => {
        if (!gone && live(answer.job)) follow(answer.job);
      },
      () => undefined,
    );
    return () => {
      gone = true;
      stop();
    };
  }, [event.source_event_id]);

  const start = () => {
    setView({ kind: 'starting' });
    api<{ job: JobState } | { status: 'already_complete'; event: EventRecord }>(`${LIVERC}/events/${event.source_event_id}/import`, { method: 'POST' }).then(
      (answer) => ('job' in answer ? follow(answer.job) : setView(fromEvent(answer.event))),
      (error) => setView({ kind: 'failed', message: error instanceof ApiError && error.status === 429 ? errorText(error) : `could not start: ${errorText(error)}` }),
    );
  };

  return { view, start };
}
