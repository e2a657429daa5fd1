/** @module Import jobs: identity (the idempotency key `provider:liveRC:job:{eventId}:{timestampBucket}` and the job id derived from it), state in KV `liverc_job_state` (lifecycle, progress, capped log, error, result), and the live messages beside it. */
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { ImportProgress } from '../ingestion/context.ts';
import type { ImportReport } from '../ingestion/event-import.ts';

/**
 * Submits of one event within one bucket are one job: a double click, a retried POST, two
 * admins pressing Import together. Five minutes is longer than any hesitation and shorter than
 * the wait before someone deliberately imports again.
 */
export const JOB_BUCKET_MS = 5 * 60_000;

/** The stream's duplicate window covers a whole bucket with room to spare (stack.md §1.2). */
export const JOB_DUPLICATE_WINDOW_MS = 2 * JOB_BUCKET_MS;

export interface JobIdentity {
  /** The idempotency key, the publish's Nats-Msg-Id. */
  key: string;
  /** KV key and subject token: letters, digits and dashes only. */
  job_id: string;
  event_id: string;
  bucket: number;
  /** 1 for the bucket's first job; a new attempt after an ended one counts up. */
  attempt: number;
}

export function timeBucket(nowMs: number, bucketMs: number = JOB_BUCKET_MS): number {
  return Math.floor(nowMs / bucketMs);
}

export function jobIdentity(eventId: string, bucket: number, attempt = 1): JobIdentity {
  const base = `provider:liveRC:job:${eventId}:${bucket}`;
  return {
    key: attempt === 1 ? base : `${base}:${attempt}`,
    job_id: `liverc-${eventId}-${bucket}${attempt === 1 ? '' : `-${attempt}`}`,
    event_id: eventId,
    bucket,
    attempt,
  };
}

const JOB_ID = /^liverc-(\d{1,12})-(\d{1,15})(?:-(\d{1,4}))?$/;

/** The identity a job id stands for, or null when the text is no job id (a 404 rather than a lookup). */
export function parseJobId(jobId: string): JobIdentity | null {
  const m = JOB_ID.exec(jobId);
  if (!m) return null;
  const attempt = m[3] === undefined ? 1 : Number(m[3]);
  if (attempt < 2 && m[3] !== undefined) return null;
  return jobIdentity(m[1]!, Number(m[2]), attempt);
}

export const JOB_SUBJECT = 'liverc.jobs.import';
export const JOB_STREAM = 'liverc_jobs';
export const JOB_STATE_BUCKET = 'liverc_job_state';
export const JOB_CONSUMER = 'liverc_import_worker';

/** Live progress of one job, core NATS (not stored): what an open SSE stream forwards. */
export const progressSubject = (jobId: string) => `liverc.jobs.progress.${jobId}`;

export type JobStateName = 'queued' | 'running' | 'done' | 'failed';

export const isTerminal = (state: JobStateName): boolean => state === 'done' || state === 'failed';

/** Drivers matched to club members after the import; `error` when matching failed (the import stands). */
export type MatchingOutcome = { drivers: number; links: number; unmatched: number } | { error: string } | null;

export interface JobResult {
  import: ImportReport;
  matching: MatchingOutcome;
}

export interface JobError {
  /** The connector's or ingestion's code (`http`, `robots`, `page_format`, `unknown_event`, …), `gave_up`, or `internal`. */
  code: string;
  message: string;
}

export interface JobState {
  job_id: string;
  /** The idempotency key the job was published with. */
  key: string;
  event_id: string;
  reingest: boolean;
  state: JobStateName;
  progress: ImportProgress;
  /** Newest last; only the last LOG_CAP lines are kept. */
  log: string[];
  /** Lines dropped from the front of `log` to keep it under the cap. */
  log_dropped: number;
  /** How many times a worker has picked the job up (more than 1 after a worker died mid-import). */
  deliveries: number;
  error: JobError | null;
  result: JobResult | null;
  created_at_ms: number;
  started_at_ms: number | null;
  finished_at_ms: number | null;
}

/** A 32-race event logs about 120 lines (a request and a summary per race, retries); 500 keeps several such runs. */
export const LOG_CAP = 500;

/** Messages on `liverc.jobs.progress.<job_id>`. */
export type JobMessage =
  | { type: 'state'; job: JobState }
  | { type: 'progress'; job_id: string; progress: ImportProgress }
  | { type: 'log'; job_id: string; line: string };

export function newJobState(identity: JobIdentity, reingest: boolean, nowMs: number): JobState {
  return {
    job_id: identity.job_id,
    key: identity.key,
    event_id: identity.event_id,
    reingest,
    state: 'queued',
    progress: { races_done: 0, races_total: 0, laps_done: 0, laps_total: 0 },
    log: [],
    log_dropped: 0,
    deliveries: 0,
    error: null,
    result: null,
    created_at_ms: nowMs,
    started_at_ms: null,
    finished_at_ms: null,
  };
}

export function appendLog(state: JobState, line: string): void {
  state.log.push(line);
  if (state.log.length > LOG_CAP) {
    const drop = state.log.length - LOG_CAP;
    state.log.splice(0, drop);
    state.log_dropped += drop;
  }
}

export interface JobStateStoreOptions {
  maxBytes?: number;
  /** Ended jobs are forgotten after this (the KV bucket's max age). */
  ttlMs?: number;
}

const latestKey = (eventId: string) => `event-${eventId}`;

function alreadyExists(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

export class JobStateStore {
  private constructor(private readonly kv: KV) {}

  static async open(js: JetStreamClient, options: JobStateStoreOptions = {}): Promise<JobStateStore> {
    const kv = await new Kvm(js).create(JOB_STATE_BUCKET, {
      history: 1,
      max_bytes: options.maxBytes ?? 64 * 1024 * 1024,
      ttl: options.ttlMs ?? 30 * 24 * 3_600_000,
      description: 'LiveRC import jobs: state, progress and log by job id',
    });
    return new JobStateStore(kv);
  }

  async get(jobId: string): Promise<JobState | null> {
    const entry = await this.kv.get(jobId);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
    return entry.json<JobState>();
  }

  /** The newest jobs first, at most `limit`: every job id in the bucket is read (it holds days of jobs, kept small by its TTL). */
  async recent(limit: number): Promise<JobState[]> {
    const jobs: JobState[] = [];
    for await (const key of await this.kv.keys()) {
      if (!parseJobId(key)) continue;
      const job = await this.get(key);
      if (job) jobs.push(job);
    }
    return jobs.sort((a, b) => b.created_at_ms - a.created_at_ms).slice(0, limit);
  }

  /** Stores a new job unless one with its id exists; resolves to the stored one and whether it was this call's. */
  async create(state: JobState): Promise<{ job: JobState; created: boolean }> {
    try {
      await this.kv.create(state.job_id, JSON.stringify(state));
      return { job: state, created: true };
    } catch (error) {
      if (!alreadyExists(error)) throw error;
      const existing = await this.get(state.job_id);
      // Deleted between create and get (bucket max age): nothing to return but ours.
      if (!existing) return this.create(state);
      return { job: existing, created: false };
    }
  }

  /** Forgets a job that was never queued (its publish was refused). */
  async remove(jobId: string): Promise<void> {
    await this.kv.delete(jobId);
  }

  /**
   * Remembers the event's newest job under `event-<id>` (no job id looks like that), so a page
   * reloaded mid-import finds the job again after its five-minute bucket has passed.
   */
  async markLatest(job: JobState): Promise<void> {
    await this.kv.put(latestKey(job.event_id), job.job_id);
  }

  /** The event's newest job, or null when it never had one (or it ended long enough ago to be forgotten). */
  async latestFor(eventId: string): Promise<JobState | null> {
    const entry = await this.kv.get(latestKey(eventId));
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return null;
    return this.get(entry.string());
  }

  /** The worker holding the job's message is its only writer, so a plain put is safe. */
  async put(state: JobState): Promise<void> {
    await this.kv.put(state.job_id, JSON.stringify(state));
  }
}
