/**
 * @module The projection role as `mre cloud start` runs it: its own NATS connection, missing streams
 * and buckets made, and the projection worker keeping the read models in `mre_read_models`.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '../../shared/log/index.ts';
import type { MetricsRegistry } from '../../shared/metrics/index.ts';
import type { StreamsConfig } from '../ingest/config.ts';
import { watchConnection } from '../ingest/connection-state.ts';
import { makeMissingStreams } from '../ingest/make-missing.ts';
import { closeNats, connectNats } from '../service/nats-connection.ts';
import type { ProjectionConfig } from './config.ts';
import { Projector, type ProjectionStats } from './projector.ts';

const log = createLogger('cloud:projection');

export interface ProjectionRole {
  nc: NatsConnection;
  projector: Projector;
  health(): { nats: boolean; capture_to_projection_s: number | null } & ProjectionStats;
  close(): Promise<void>;
}

export interface ProjectionRoleConfig {
  nats_url: string;
  streams: StreamsConfig;
  projection: ProjectionConfig;
}

export async function startProjectionRole(config: ProjectionRoleConfig, name = 'mre-cloud-projection', metrics?: MetricsRegistry): Promise<ProjectionRole> {
  const nc = await connectNats(config.nats_url, name);
  try {
    await makeMissingStreams(nc, config, log);
    const projector = await Projector.start(nc, { config: config.projection, ...(metrics ? { metrics } : {}) });
    const connection = watchConnection(nc);
    log.info('projection started', { idle_after_ms: config.projection.idle_after_ms });
    return {
      nc,
      projector,
      health: () => ({ nats: connection.up, capture_to_projection_s: projector.captureToProjectionSeconds(), ...projector.stats() }),
      async close() {
        await projector.stop();
        await closeNats(nc);
      },
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}
