/** @module The box's cloud sync: the envelope log, from its persisted cursor, to the cloud's ingest API. */
export { planSync, startSync, type BoxSync, type SyncPlan } from './box-sync.ts';
export { syncConfigSchema, type SyncConfig } from './config.ts';
export { SyncLoop, type SyncLoopOptions } from './sync-loop.ts';
export { MAX_BATCH_BYTES, acknowledgedPrefix, readBatch } from './read-batch.ts';
