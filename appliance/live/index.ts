/** @module The live WebSocket hub (`/ws/v1/live`): snapshot, ordered events, heartbeat, per-client backpressure. */
export { LiveHub } from './hub.ts';
export { LIVE_PATH, type LiveHubOptions, type LiveHubStats, type LiveItem } from './types.ts';
