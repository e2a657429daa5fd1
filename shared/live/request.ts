/** @module A live query (`/ws/v1/live?track_id=…`) as a request: the track asked for, and the scope within it (channels in the contract's order, the event). */
import { LIVE_CHANNELS, parseLiveQuery, type LiveQuery } from '../contracts/live.ts';
import { ContractError } from '../contracts/tokens.ts';
import type { LiveScope } from './client.ts';

export interface LiveRequest {
  trackId: string;
  scope: LiveScope;
}

/** The request, or the contract's reason for refusing the query. Whether the track is served is the hub's to say. */
export function parseLiveRequest(query: Record<string, string | undefined>): LiveRequest | { error: string } {
  let parsed: LiveQuery;
  try {
    parsed = parseLiveQuery(query);
  } catch (err) {
    if (err instanceof ContractError) return { error: err.message };
    throw err;
  }
  // Snapshots go out in the contract's channel order, once each, whatever order the query named them in.
  const [first, ...rest] = LIVE_CHANNELS.filter((channel) => parsed.channels.includes(channel));
  return { trackId: parsed.track_id, scope: { channels: [first!, ...rest], eventId: parsed.event_id ?? null } };
}
