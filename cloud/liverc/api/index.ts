/** @module The LiveRC HTTP API: `createLiveRcApi`, mounted by the cloud service under LIVERC_API_PREFIX. */
export { createLiveRcApi, LIVERC_API_PREFIX, MAX_TRACK_LIMIT, type LiveRcApiDeps } from './liverc-api.ts';
export { ApiError } from './errors.ts';
