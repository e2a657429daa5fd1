/**
 * @module The ingest role as `mre cloud start` runs it: the token secret checked before anything
 * else, its own NATS connection, missing streams and buckets made (existing ones left to
 * `mre cloud provision`), the revoked-token watch, and the `/api/ingest` routes.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Hono } from 'hono';
import { SLO_METRICS, type MetricsRegistry } from '../../shared/metrics/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { closeNats, connectNats } from '../service/nats-connection.ts';
import { AckInbox } from './ack-inbox.ts';
import { AuthGuard } from './auth-guard.ts';
import type { IngestConfig, StreamsConfig } from './config.ts';
import { watchConnection } from './connection-state.ts';
import { createIngestApi, type IngestStats } from './ingest-api.ts';
import { makeMissingStreams } from './make-missing.ts';
import { RevocationList } from './revocations.ts';
import { resolveTokenSecret } from './token-secret.ts';

const log = createLogger('cloud:ingest');

export const INGEST_API_PREFIX = '/api/ingest';

export interface IngestRole {
  nc: NatsConnection;
  /** Mounted at INGEST_API_PREFIX. */
  routes: Hono;
  revocations: RevocationList;
  health(): { nats: boolean; revoked_tokens: number } & IngestStats;
  close(): Promise<void>;
}

export interface IngestRoleConfig {
  nats_url: string;
  streams: StreamsConfig;
  ingest: IngestConfig;
}

export async function startIngestRole(config: IngestRoleConfig, name = 'mre-cloud-ingest', metrics?: MetricsRegistry): Promise<IngestRole> {
  const secret = resolveTokenSecret(config.ingest);
  const nc = await connectNats(config.nats_url, name);
  try {
    await makeMissingStreams(nc, config, log);
    const revocations = await RevocationList.open(nc);
    const guard = new AuthGuard({ secret, maxAgeDays: config.ingest.token_max_age_days, revocations, maxFailures: config.ingest.max_auth_failures, blockMs: config.ingest.auth_block_ms });
    const connection = watchConnection(nc);
    // 1 MiB is the server's own default; the value it announced wins.
    const latency = metrics?.histogram(SLO_METRICS.ingestLatency);
    const api = createIngestApi({ inbox: new AckInbox(nc), guard, connection, maxPayload: () => nc.info?.max_payload ?? 1024 * 1024, config: config.ingest, ...(latency ? { observeLatency: (s: number) => latency.observe(s) } : {}) });
    if (metrics) {
      const suppressed = metrics.mirroredCounter(SLO_METRICS.duplicatesSuppressed);
      // JetStream's own duplicate window turned these away; the race worker's marks catch the later ones.
      metrics.onCollect(() => suppressed.set(api.stats().duplicate, { stage: 'ingest' }));
    }
    return {
      nc,
      routes: api.app,
      revocations,
      health: () => ({ nats: connection.up, revoked_tokens: revocations.size, ...api.stats() }),
      async close() {
        revocations.close();
        guard.stop();
        await closeNats(nc);
      },
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}
