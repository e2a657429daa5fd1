/** @module The refusal a full LiveRC work queue answers with: which queue, how many it holds, when to try again (an HTTP 429 with Retry-After). */

export type LiveRcQueueName = 'imports' | 'refreshes';

/** Defaults: a refresh takes a request or two, so twenty waiting clears in under a minute at the 1 s spacing; an import takes about a minute, so fifty is an hour of work. */
export const DEFAULT_MAX_QUEUED_REFRESHES = 20;
export const DEFAULT_MAX_QUEUED_IMPORTS = 50;

/** A running import of a 32-race event takes about a minute at the default spacing: the soonest a slot frees. */
export const IMPORT_RETRY_AFTER_S = 60;

/** A refresh is robots.txt and one page at most: about two spacing gaps. */
export const refreshRetryAfterS = (minIntervalMs: number): number => Math.max(1, Math.ceil((2 * minIntervalMs) / 1000));

/** New work refused because its queue holds as much as it may; nothing was queued or requested. */
export class QueueFullError extends Error {
  readonly code = 'queue_full';

  constructor(
    readonly queue: LiveRcQueueName,
    readonly size: number,
    readonly retryAfterS: number,
  ) {
    const what = queue === 'imports' ? 'import queue is full: it holds' : 'refresh queue is full: it holds';
    const unit = queue === 'imports' ? 'imports waiting or running' : 'track refreshes waiting or running';
    super(`the LiveRC ${what} ${size} ${unit}, its limit; try again in ${retryAfterS} s`);
    this.name = 'QueueFullError';
  }
}
