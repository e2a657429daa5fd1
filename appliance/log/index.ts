/** @module The appliance's envelope log: every record durable on disk before anything else sees it. */
export { EnvelopeLog, type EnvelopeLogOptions } from './envelope-log.ts';
export { BATCH_READ_BYTES, envelopeBatches, hasPassing, prefetchedBatches, readAfter, recentPassings } from './queries.ts';
export { pruneSynced } from './prune.ts';
export { LogFullError, type DiskState, type LogEntry, type LogStats, type StoredEnvelope } from './types.ts';
