/** @module The live WebSocket hub (`/ws/v1/live`), one for the box and the cloud: many tracks per process, snapshot, ordered events, heartbeat, per-client backpressure. */
export { LiveHub, type LiveTrack } from './hub.ts';
export { mountLive, type MountLiveOptions } from './route.ts';
export { raceCoalesceKey, raceUpdateKept } from './race-coalesce.ts';
export { refuse, type RefusalStatus } from './refuse.ts';
export { parseLiveRequest, type LiveRequest } from './request.ts';
export { LIVE_PATH, type LiveHubOptions, type LiveHubStats, type LiveItem, type LiveTrackOptions, type SnapshotBuilder } from './types.ts';
