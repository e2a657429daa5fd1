/**
 * @module The race role as `mre cloud start` runs it: its own NATS connection, missing streams,
 * buckets and the state store made, and a race worker taking its share of the tracks. Stopping
 * hands every track over (last batch published, state saved, lease released).
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '../../shared/log/index.ts';
import type { StreamsConfig } from '../ingest/config.ts';
import { watchConnection } from '../ingest/connection-state.ts';
import { makeMissingStreams } from '../ingest/make-missing.ts';
import { closeNats, connectNats } from '../service/nats-connection.ts';
import type { RaceConfig } from './config.ts';
import type { RaceStats } from './race-stats.ts';
import { SLO_METRICS, type MetricsRegistry } from '../../shared/metrics/index.ts';
import { RaceWorker } from './race-worker.ts';

const log = createLogger('cloud:race');

export interface RaceRole {
  nc: NatsConnection;
  worker: RaceWorker;
  health(): { nats: boolean; worker: string; tracks: string[]; live_workers: number } & RaceStats;
  close(): Promise<void>;
}

export interface RaceRoleConfig {
  nats_url: string;
  streams: StreamsConfig;
  race: RaceConfig;
}

/** The race worker's figures on /metrics: per-track consumer lag, duplicates it skipped, dead letters it sent. */
function watchRaceWorker(metrics: MetricsRegistry, worker: RaceWorker): void {
  const lag = metrics.gauge(SLO_METRICS.consumerLag);
  const suppressed = metrics.mirroredCounter(SLO_METRICS.duplicatesSuppressed);
  const dead = metrics.mirroredCounter(SLO_METRICS.dlqMessages);
  let shown = new Set<string>();
  metrics.onCollect(() => {
    const lags = worker.lags();
    // A track handed to another worker is that worker's to report.
    for (const gone of shown) if (!lags.has(gone)) lag.remove({ role: 'race', track_id: gone });
    for (const [trackId, pending] of lags) lag.set({ role: 'race', track_id: trackId }, pending);
    shown = new Set(lags.keys());
    suppressed.set(worker.stats.duplicates, { stage: 'race' });
    dead.set(worker.stats.dead_lettered, { role: 'race', reason: 'engine_or_contract' });
  });
}

export async function startRaceRole(config: RaceRoleConfig, name = 'mre-cloud-race', metrics?: MetricsRegistry): Promise<RaceRole> {
  const nc = await connectNats(config.nats_url, name);
  try {
    await makeMissingStreams(nc, config, log);
    const worker = await RaceWorker.start(nc, config.race);
    if (metrics) watchRaceWorker(metrics, worker);
    const connection = watchConnection(nc);
    return {
      nc,
      worker,
      health: () => ({ nats: connection.up, ...worker.health() }),
      async close() {
        await worker.stop();
        await closeNats(nc);
      },
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}
