/** @module The cloud config's `gateway` section: private tracks, the doors' limits (clients, tracks, connection attempts per address), and the snapshot hand-over. */
import { z } from 'zod';
import { flagField, intField } from '../../shared/config/load-config.ts';
import { tokenSchema } from '../../shared/contracts/tokens.ts';

const int = intField;

export const gatewayConfigSchema = z
  .strictObject({
    /** Tracks whose live feed needs a viewer token (`mre cloud token issue --viewer --track T`); every other track is public. A JSON list, or comma-separated text from the environment. */
    private_tracks: z
      .preprocess((v) => (typeof v === 'string' ? v.split(',').map((t) => t.trim()).filter(Boolean) : v), z.array(tokenSchema('track_id')).max(10_000))
      .default([]),
    /** A viewer token older than this is refused as expired; 0 = no age limit (revocation still works). */
    viewer_token_max_age_days: z.coerce.number().min(0).default(30),
    /** Live clients in this process; one more is refused with 503. */
    max_clients: int().min(1).max(1_000_000).default(20_000),
    /** Tracks fed at once in this process (each one consumer); a client of one more is refused with 503. */
    max_tracks: int().min(1).max(100_000).default(2_000),
    /** Connection attempts one address may make in a burst … */
    connect_burst: int().min(1).max(100_000).default(30),
    /** … and then per minute; more are refused with 429 and Retry-After. */
    connects_per_minute: int().min(1).max(1_000_000).default(60),
    /** Behind a reverse proxy: the address is the last X-Forwarded-For entry, which the proxy appends. */
    trust_proxy: flagField.default(false),
    /** The events consumer of a track starts this long before its newest snapshot was stored (docs/cloud.md "Live gateway"). */
    handover_margin_ms: int().min(0).max(3_600_000).default(30_000),
    /** A track whose events do not catch up within this is refused with 503 for now. */
    ready_timeout_ms: int().min(100).max(120_000).default(10_000),
    /** Events of one track held in memory (the newest snapshots and whatever starts later). */
    max_events_per_track: int().min(1).max(1_000).default(32),
  })
  .prefault({});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const GATEWAY_ENV_OVERRIDES = {
  MRE_GATEWAY_PRIVATE_TRACKS: ['gateway', 'private_tracks'],
  MRE_GATEWAY_MAX_CLIENTS: ['gateway', 'max_clients'],
  MRE_GATEWAY_MAX_TRACKS: ['gateway', 'max_tracks'],
  MRE_GATEWAY_TRUST_PROXY: ['gateway', 'trust_proxy'],
} as const;
