/** @module One job while a worker runs it: the state it owns, written to KV coalesced (newest state wins) and mirrored live on `liverc.jobs.progress.<job_id>`. */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../../../shared/log/index.ts';
import type { ImportProgress, WorkReporter } from '../ingestion/context.ts';
import { appendLog, progressSubject, type JobMessage, type JobState, type JobStateStore } from './job-state.ts';

/** KV writes per job are at most this often while it runs; the live subject carries every step. */
const WRITE_EVERY_MS = 250;

export class JobRun implements WorkReporter {
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly state: JobState,
    private readonly nc: NatsConnection,
    private readonly states: JobStateStore,
    private readonly log: Logger,
  ) {}

  line(message: string): void {
    appendLog(this.state, message);
    this.publish({ type: 'log', job_id: this.state.job_id, line: message });
    this.schedule();
  }

  progress(progress: ImportProgress): void {
    this.state.progress = { ...progress };
    this.publish({ type: 'progress', job_id: this.state.job_id, progress: this.state.progress });
    this.schedule();
  }

  /** A lifecycle change: written at once and announced whole, so a listener sees running/done/failed. */
  async transition(change: (state: JobState) => void): Promise<void> {
    change(this.state);
    await this.flush();
    this.publish({ type: 'state', job: this.state });
  }

  /** Resolves once the newest state is in KV; rejects if that write failed. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty = false;
    const snapshot = JSON.parse(JSON.stringify(this.state)) as JobState;
    const write = this.writing.catch(() => undefined).then(() => this.states.put(snapshot));
    this.writing = write;
    await write;
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.dirty) return;
      this.flush().catch((error: Error) => this.log.debug('job state not written', { job_id: this.state.job_id, err: error }));
    }, WRITE_EVERY_MS);
  }

  private publish(message: JobMessage): void {
    try {
      this.nc.publish(progressSubject(this.state.job_id), JSON.stringify(message));
    } catch (error) {
      // The connection is going away: the KV state is what anyone reconnecting reads.
      this.log.debug('job progress not published', { job_id: this.state.job_id, err: error as Error });
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
