/** @module LiveRC import jobs: the work-queue stream, job identity and state in KV, the worker, and the import-then-match run the CLI shares. */
export { appendLog, isTerminal, JOB_BUCKET_MS, JOB_CONSUMER, JOB_DUPLICATE_WINDOW_MS, JOB_STATE_BUCKET, JOB_STREAM, JOB_SUBJECT, jobIdentity, LOG_CAP, parseJobId, progressSubject, timeBucket, type JobError, type JobIdentity, type JobMessage, type JobResult, type JobState, type JobStateName, type MatchingOutcome } from './job-state.ts';
export { DEFAULT_ACK_WAIT_MS, JobQueue, type JobQueueOptions, type SubmitResult } from './job-queue.ts';
export { JobWorker, type JobWorkerOptions } from './job-worker.ts';
export { describeFailure, eventDrivers, importAndMatch, requestLine, type EventMatching, type ImportRunDeps } from './import-run.ts';
