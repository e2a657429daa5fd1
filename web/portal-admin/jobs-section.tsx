/** @module The console's Jobs section: the newest import jobs with their state, and one job opened to follow its progress and log lines as its stream sends them. */
import { useEffect, useState } from 'preact/hooks';
import { adminApi, type JobSummary } from './admin-api.ts';
import { Outcome } from './parts.tsx';
import { useAction } from './use-action.ts';
import { useJobStream } from './use-job-stream.ts';

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }));

function OpenJob({ jobId, onClose, onEnded }: { jobId: string; onClose: () => void; onEnded: () => void }) {
  const { job, lines, progress, lost } = useJobStream(jobId);
  const state = job?.state;
  // The list was read before the job ended: read it again so its row says so too.
  useEffect(() => {
    if (state === 'done' || state === 'failed') onEnded();
  }, [state]);
  return (
    <div class="job-open" aria-label={`job ${jobId}`}>
      <div class="row">
        <strong class="job-id">{jobId}</strong>
        <span class={`badge ${job?.state ?? ''}`}>{job?.state ?? 'connecting…'}</span>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {progress && (
        <p class="note">
          {progress.races_done} of {progress.races_total} races, {progress.laps_done} laps
        </p>
      )}
      {job?.error && <p class="error">{job.error.message}</p>}
      {lost && <p class="error">The job's stream ended before the job did: close and open it again.</p>}
      <pre class="job-log" aria-label="job log">{lines.length > 0 ? lines.join('\n') : 'No log lines yet.'}</pre>
    </div>
  );
}

export function JobsSection({ reload }: { reload: number }) {
  const list = useAction<JobSummary[]>();
  const [open, setOpen] = useState<string | null>(null);
  const load = () => void list.run(adminApi.jobs);
  useEffect(load, [reload]);
  const jobs = list.view.kind === 'done' ? list.view.value : [];

  return (
    <section class="panel" aria-labelledby="jobs-title">
      <div class="row">
        <h2 id="jobs-title">Jobs</h2>
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      {list.view.kind !== 'done' && <Outcome view={list.view} done={() => null} />}
      {list.view.kind === 'done' && jobs.length === 0 && <p class="note">No import jobs in the last days.</p>}
      <ul class="rows">
        {jobs.map((job) => (
          <li key={job.job_id}>
            <span class="grow">
              Event <strong>{job.event_id}</strong>
              {job.reingest && <small> (re-ingest)</small>}
              <br />
              <small>queued {when(job.created_at_ms)}, ended {when(job.finished_at_ms)}</small>
            </span>
            <span class={`badge ${job.state}`}>{job.state}</span>
            <button type="button" aria-label={`Open job ${job.job_id}`} onClick={() => setOpen(job.job_id)}>
              Open
            </button>
          </li>
        ))}
      </ul>
      {open && <OpenJob key={open} jobId={open} onClose={() => setOpen(null)} onEnded={load} />}
    </section>
  );
}
