/** @module The cloud config's `projection` section: when a track counts as idle, and how the projection consumer waits. */
import { z } from 'zod';
import { intField } from '../../shared/config/load-config.ts';

const int = intField;

export const projectionConfigSchema = z
  .strictObject({
    /** A track with nothing captured for this long is listed idle (live before). */
    idle_after_ms: int().min(1_000).max(7 * 86_400_000).default(600_000),
    /** How often tracks listed live are looked at for going idle. */
    sweep_ms: int().min(100).max(3_600_000).default(30_000),
    /** An event not acknowledged within this (a projection process died on it) goes to another projection process. */
    ack_wait_ms: int().min(1_000).max(600_000).default(30_000),
    /** Read models kept in memory per process (each a few KiB). */
    max_cached_models: int().min(100).max(1_000_000).default(20_000),
  })
  .prefault({});

export type ProjectionConfig = z.infer<typeof projectionConfigSchema>;

/** Env var → config path, merged into the cloud's list. */
export const PROJECTION_ENV_OVERRIDES = {
  MRE_PROJECTION_IDLE_AFTER_MS: ['projection', 'idle_after_ms'],
  MRE_PROJECTION_ACK_WAIT_MS: ['projection', 'ack_wait_ms'],
} as const;
