/** @module The race engine, shared by the appliance and the cloud: pure, deterministic, replayable. */
export { ARCHIVE_IDLE_US } from './archive.ts';
export { ENGINE_MESSAGE_TYPES, RaceEngine, step, type StepResult } from './engine.ts';
export { emptyState, type EngineState } from './state.ts';
export { FINISHED_IN_SNAPSHOT, raceChannelSnapshot, type RaceChannelSnapshot } from './live-snapshot.ts';
export { formatBehind, formatDuration, formatLapsTime, usToMs } from './format.ts';
export type * from './views.ts';
export type * from './meeting-run/types.ts';
