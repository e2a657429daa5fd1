/** @module JetStream stream and subject names (timing.*.v1), built in one place from validated tokens. */
import { assertToken, ContractError } from './tokens.ts';

export const STREAMS = {
  ingestRaw: 'timing_ingest_raw_v1',
  raceEvents: 'timing_race_events_v1',
  raceSnapshot: 'timing_race_snapshot_v1',
  dlq: 'timing_dlq_v1',
} as const;

/** The subject filter each stream is created with. */
export const STREAM_SUBJECTS: Readonly<Record<keyof typeof STREAMS, string>> = {
  ingestRaw: 'timing.ingest.raw.v1.*',
  raceEvents: 'timing.race.events.v1.*',
  raceSnapshot: 'timing.race.snapshot.v1.*.*',
  dlq: 'timing.dlq.v1.*',
};

export const subjects = {
  ingestRaw: (trackId: string) => `timing.ingest.raw.v1.${assertToken('track_id', trackId)}`,
  raceEvents: (trackId: string) => `timing.race.events.v1.${assertToken('track_id', trackId)}`,
  raceSnapshot: (trackId: string, eventId: string) =>
    `timing.race.snapshot.v1.${assertToken('track_id', trackId)}.${assertToken('event_id', eventId)}`,
  dlq: (trackId: string) => `timing.dlq.v1.${assertToken('track_id', trackId)}`,
};

/**
 * A durable consumer name per track (2.9 allows one filter subject per consumer). Roles are
 * letters only, so `role_track` splits one way and two roles never share a name.
 */
export function trackConsumerName(role: string, trackId: string): string {
  if (!/^[a-z]{1,32}$/.test(role)) throw new ContractError(`role ${JSON.stringify(role)} must be 1-32 lowercase letters`);
  return `${role}_${assertToken('track_id', trackId)}`;
}
