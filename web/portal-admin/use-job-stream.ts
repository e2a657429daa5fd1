/** @module One job opened in the console: its SSE stream (`state` with the log so far, then `progress` steps and `log` lines, a final `state`), closed when the job ends or the job is closed. */
import { useEffect, useState } from 'preact/hooks';
import { LIVERC, type JobState } from '../portal/api.ts';

export interface JobFollow {
  job: JobState | null;
  lines: string[];
  progress: JobState['progress'] | null;
  /** The stream was refused or dropped for good. */
  lost: boolean;
}

const data = <T,>(m: Event) => JSON.parse((m as MessageEvent<string>).data) as T;
const ended = (job: JobState) => job.state === 'done' || job.state === 'failed';

export function useJobStream(jobId: string): JobFollow {
  const [follow, setFollow] = useState<JobFollow>({ job: null, lines: [], progress: null, lost: false });
  useEffect(() => {
    const source = new EventSource(`${LIVERC}/jobs/${encodeURIComponent(jobId)}/stream`);
    source.addEventListener('state', (m) => {
      const job = data<JobState>(m);
      // The state carries the stored log: it replaces what the stream added, so no line shows twice.
      setFollow({ job, lines: job.log, progress: job.progress, lost: false });
      if (ended(job)) source.close();
    });
    source.addEventListener('progress', (m) => setFollow((f) => ({ ...f, progress: data<JobState['progress']>(m) })));
    source.addEventListener('log', (m) => setFollow((f) => ({ ...f, lines: [...f.lines, data<{ line: string }>(m).line] })));
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) setFollow((f) => (f.job && ended(f.job) ? f : { ...f, lost: true }));
    };
    return () => source.close();
  }, [jobId]);
  return follow;
}
