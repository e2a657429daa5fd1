/** @module The writer's units: a caller's append (a job) and a group-commit batch staged from many of them. */
import type { ChainedBatch, Level } from 'level';
import type { IndexOverlay } from './passing-index.ts';
import type { RefusedRange } from './refused.ts';
import type { LogEntry, StoredEnvelope } from './types.ts';

export type Job = { entries: LogEntry[]; resolve: (stored: (StoredEnvelope | null)[]) => void; reject: (error: Error) => void };

/** One group-commit batch, staged and waiting for (or in) its fsync. */
export interface Staged {
  jobs: Job[];
  /** Puts go straight into a native batch while the previous fsync runs; write() only writes. */
  chain: ChainedBatch<Level<string, string>, string, string>;
  results: (StoredEnvelope | null)[][];
  /** Passing index and epoch changes of this batch: a repeat later in the same or the next batch is refused. */
  index: IndexOverlay;
  /** Every envelope staged, in log order (GAP envelopes included), for the committed listeners. */
  stored: StoredEnvelope[];
  /** Refused passings this batch records as GAPs: given back to the ledger if the batch fails. */
  refusedGaps: RefusedRange[];
  /** The last envelope staged (not a duplicate): the durable counters move to it once written. */
  last: StoredEnvelope | undefined;
  startSeq: number;
  startLsn: number;
}
