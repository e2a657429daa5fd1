/** @module The import job queue: the `liverc_jobs` work-queue stream and its worker consumer, and submit, which finds or makes one job per event and time bucket. */
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, DiscardPolicy, jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { DEFAULT_MAX_QUEUED_IMPORTS, IMPORT_RETRY_AFTER_S, QueueFullError } from '../queue-full.ts';
import { isTerminal, JOB_BUCKET_MS, JOB_CONSUMER, JOB_DUPLICATE_WINDOW_MS, JOB_STREAM, JOB_SUBJECT, jobIdentity, JobStateStore, newJobState, timeBucket, type JobState } from './job-state.ts';

export interface JobQueueOptions {
  /** Stream size in bytes; a job message is a few hundred bytes. */
  maxBytes?: number;
  /** Imports waiting or running at once, cloud-wide; a submit beyond it is refused with `QueueFullError`. */
  maxQueued?: number;
  stateMaxBytes?: number;
  stateTtlMs?: number;
  /** A job whose worker stops sending progress for this long is handed to another worker. */
  ackWaitMs?: number;
  bucketMs?: number;
  now?: () => number;
}

/** The message on `liverc.jobs.import`; the job's state lives in KV under its id. */
export interface JobMessageBody {
  job_id: string;
  event_id: string;
  reingest: boolean;
}

export interface SubmitResult {
  job: JobState;
  /** False when the submit found a queued or running job for the same event and bucket. */
  created: boolean;
}

/** Attempts in one bucket before the queue refuses: each is an import that already ended. */
const MAX_ATTEMPTS = 50;

export const DEFAULT_ACK_WAIT_MS = 60_000;

/**
 * The cap is the server's: `max_msgs` with discard-new makes JetStream refuse the publish, so
 * several cloud nodes submitting at once cannot overfill it between a count and a publish. On a
 * work-queue stream a message stays until acked, so it counts the running import too.
 */
async function ensureStream(jsm: JetStreamManager, maxBytes: number, maxQueued: number, windowMs: number): Promise<void> {
  const config = {
    name: JOB_STREAM,
    subjects: [JOB_SUBJECT],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    max_bytes: maxBytes,
    max_msgs: maxQueued,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(windowMs),
    description: 'LiveRC imports waiting for a worker; idempotency key as Nats-Msg-Id',
  };
  try {
    const info = await jsm.streams.info(JOB_STREAM);
    const { duplicate_window: window, max_bytes: bytes, max_msgs: msgs, discard } = info.config;
    if (window < config.duplicate_window || bytes !== maxBytes || msgs !== maxQueued || discard !== DiscardPolicy.New) {
      await jsm.streams.update(JOB_STREAM, { duplicate_window: config.duplicate_window, max_bytes: maxBytes, max_msgs: maxQueued, discard: DiscardPolicy.New });
    }
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.StreamNotFound) throw error;
    await jsm.streams.add(config);
  }
}

async function ensureConsumer(jsm: JetStreamManager, ackWaitMs: number): Promise<void> {
  const config = {
    durable_name: JOB_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: JOB_SUBJECT,
    ack_wait: nanos(ackWaitMs),
    // One import at a time across every worker of the cloud: LiveRC sees one polite client.
    max_ack_pending: 1,
  };
  try {
    const info = await jsm.consumers.info(JOB_STREAM, JOB_CONSUMER);
    if (info.config.ack_wait !== config.ack_wait || info.config.max_ack_pending !== 1) await jsm.consumers.update(JOB_STREAM, JOB_CONSUMER, { ack_wait: config.ack_wait, max_ack_pending: 1 });
  } catch (error) {
    if (!(error instanceof JetStreamApiError) || error.code !== JetStreamApiCodes.ConsumerNotFound) throw error;
    await jsm.consumers.add(JOB_STREAM, config);
  }
}

/** JetStream's answer to a publish into a stream at its max_msgs (or max_bytes) with discard-new. */
function isStreamFull(error: unknown): boolean {
  return error instanceof JetStreamApiError && /maximum (messages|bytes) exceeded/i.test(error.message);
}

export class JobQueue {
  private constructor(
    readonly js: JetStreamClient,
    readonly states: JobStateStore,
    private readonly bucketMs: number,
    private readonly maxQueued: number,
    private readonly now: () => number,
  ) {}

  static async open(nc: NatsConnection, options: JobQueueOptions = {}): Promise<JobQueue> {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const bucketMs = options.bucketMs ?? JOB_BUCKET_MS;
    const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED_IMPORTS;
    await ensureStream(jsm, options.maxBytes ?? 16 * 1024 * 1024, maxQueued, Math.max(JOB_DUPLICATE_WINDOW_MS, 2 * bucketMs));
    await ensureConsumer(jsm, options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS);
    const states = await JobStateStore.open(js, { maxBytes: options.stateMaxBytes, ttlMs: options.stateTtlMs });
    return new JobQueue(js, states, bucketMs, maxQueued, options.now ?? Date.now);
  }

  get(jobId: string): Promise<JobState | null> {
    return this.states.get(jobId);
  }

  /** The newest jobs of any event, newest first. */
  recent(limit: number): Promise<JobState[]> {
    return this.states.recent(limit);
  }

  /** The newest job submitted for this event, whatever its state. */
  latestFor(eventId: string): Promise<JobState | null> {
    return this.states.latestFor(eventId);
  }

  /**
   * The job for this event in the current bucket: the same one while it is queued or running
   * (a double submit imports once), a new attempt once it has ended. The message is published
   * with the key as Nats-Msg-Id even for a found queued job, so a submit that crashed between
   * storing the state and publishing is completed by the next one without a second message.
   * With `maxQueued` imports already waiting or running it throws `QueueFullError`; a submit
   * that finds its job queued or running still gets it.
   */
  async submit(eventId: string, options: { reingest?: boolean } = {}): Promise<SubmitResult> {
    const now = this.now();
    const bucket = timeBucket(now, this.bucketMs);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const identity = jobIdentity(eventId, bucket, attempt);
      const { job, created } = await this.states.create(newJobState(identity, options.reingest ?? false, now));
      if (isTerminal(job.state)) continue;
      if (job.state === 'queued') {
        const body: JobMessageBody = { job_id: job.job_id, event_id: eventId, reingest: job.reingest };
        try {
          await this.js.publish(JOB_SUBJECT, JSON.stringify(body), { msgID: job.key });
        } catch (error) {
          if (!isStreamFull(error)) throw error;
          // Refused, so never queued: the state goes too, and the next submit in this bucket makes the job afresh.
          if (created) await this.states.remove(job.job_id);
          throw new QueueFullError('imports', this.maxQueued, IMPORT_RETRY_AFTER_S);
        }
      }
      if (created) await this.states.markLatest(job);
      return { job, created };
    }
    throw new Error(`event ${eventId} was imported ${MAX_ATTEMPTS} times in ${this.bucketMs / 60_000} minutes; wait for the next period`);
  }
}
