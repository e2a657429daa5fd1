/** @module What the ingestion steps share: the store, the index, the connector, progress and log lines for the job, and the error they raise. */
import type { Logger } from '../../../shared/log/index.ts';
import type { CatalogueIndex } from '../store/catalogue-index.ts';
import type { LiveRcStore } from '../store/store.ts';
import type { LiveRcConnector } from '../types.ts';

export interface ImportProgress {
  races_done: number;
  races_total: number;
  laps_done: number;
  laps_total: number;
}

export interface IngestionContext {
  store: LiveRcStore;
  index: CatalogueIndex;
  connector: LiveRcConnector;
  log: Logger;
  now: () => number;
}

/** Reported to whoever runs the work: a job's log lines and progress, a CLI's progress bar. */
export interface WorkReporter {
  line(message: string): void;
  progress(progress: ImportProgress): void;
}

export const SILENT: WorkReporter = { line: () => undefined, progress: () => undefined };

export type IngestErrorCode = 'unknown_track' | 'unknown_event' | 'validation' | 'locked';

/** A refusal of the ingestion itself (as opposed to a connector fault): nothing was written. */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
