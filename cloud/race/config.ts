/** @module The cloud config's `race` section: track leases, how tracks are found, batch and snapshot sizes, retries before the dead-letter subject. */
import { z } from 'zod';
import { intField } from '../../shared/config/load-config.ts';

const int = intField;

export const raceConfigSchema = z
  .strictObject({
    /** A track whose owner has not renewed its lease for this long is taken over by another worker. */
    lease_ttl_ms: int().min(1_000).max(300_000).default(6_000),
    /** How often an owner renews its leases (and says it is alive); under a third of lease_ttl_ms. */
    heartbeat_ms: int().min(100).max(100_000).default(1_500),
    /** How often the raw stream's subjects are listed to find new tracks. */
    discover_interval_ms: int().min(100).max(60_000).default(2_000),
    /** Envelopes applied before their derived events are published and the envelopes acknowledged. */
    batch_size: int().min(1).max(1_000).default(256),
    /** A track's engine state is saved after this many envelopes … */
    snapshot_every: int().min(1).max(1_000_000).default(5_000),
    /** … or this often while envelopes arrive. */
    snapshot_interval_ms: int().min(1_000).max(3_600_000).default(30_000),
    /** Tries of an envelope that makes the engine throw before it goes to timing.dlq.v1.<track>. */
    max_tries: int().min(1).max(10).default(3),
    /** `client_id`+`boot_id` high-water marks a track keeps in memory; older ones are read back from mre_dedupe. */
    max_marks: int().min(100).max(1_000_000).default(50_000),
  })
  .prefault({})
  .superRefine((race, ctx) => {
    // A renewal must land well inside the lease, or a busy owner loses its tracks to a takeover it did not need.
    if (race.heartbeat_ms * 3 > race.lease_ttl_ms) {
      ctx.addIssue({ code: 'custom', path: ['heartbeat_ms'], message: `must be at most a third of lease_ttl_ms (${race.lease_ttl_ms})` });
    }
  });

export type RaceConfig = z.infer<typeof raceConfigSchema>;

/** Env var → config path, merged into the cloud's list. */
export const RACE_ENV_OVERRIDES = {
  MRE_RACE_LEASE_TTL_MS: ['race', 'lease_ttl_ms'],
  MRE_RACE_HEARTBEAT_MS: ['race', 'heartbeat_ms'],
  MRE_RACE_BATCH_SIZE: ['race', 'batch_size'],
  MRE_RACE_SNAPSHOT_EVERY: ['race', 'snapshot_every'],
  MRE_RACE_MAX_TRIES: ['race', 'max_tries'],
} as const;
