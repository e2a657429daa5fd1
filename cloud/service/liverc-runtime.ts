/** @module The LiveRC connector, ingestion and driver matching opened over one NATS connection, as `mre cloud start` and the import commands both use them. */
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createLogger } from '../../shared/log/index.ts';
import { createLiveRcConnector } from '../liverc/connector.ts';
import { LiveRcIngestion } from '../liverc/ingestion/service.ts';
import { refreshRetryAfterS } from '../liverc/queue-full.ts';

import { HistoryStore } from '../portal/history-store.ts';
import { createDriverMatching, type DriverMatching } from '../liverc/matching/index.ts';
import type { LiveRcConnector } from '../liverc/types.ts';
import type { CloudConfig } from './config.ts';
import { connectNats } from './nats-connection.ts';

export { connectNats, NatsUnavailableError } from './nats-connection.ts';

const log = createLogger('cloud:liverc');

export interface LiveRcRuntime {
  nc: NatsConnection;
  connector: LiveRcConnector;
  ingestion: LiveRcIngestion;
  matching: DriverMatching | null;
  /** Drivers' history in the read models; null (with a warning) when that bucket is not provisioned. */
  history: HistoryStore | null;
  /** Closes the connector (ending requests in flight) and drains the NATS connection. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Stands in for the connector built from `config.liverc` (benchmarks with no spacing). */
  connector?: LiveRcConnector;
  /** Client name shown by the NATS server's monitoring. */
  name?: string;
}

export async function openLiveRcRuntime(config: CloudConfig, options: RuntimeOptions = {}): Promise<LiveRcRuntime> {
  const nc = await connectNats(config.nats_url, options.name ?? 'mre-cloud');
  const connector = options.connector ?? createLiveRcConnector(config.liverc);
  try {
    const refreshQueue = { max: config.queues.refreshes, retryAfterS: refreshRetryAfterS(config.liverc.min_interval_ms) };
    const ingestion = await LiveRcIngestion.open({ nc, connector, store: { maxBytes: config.store.max_bytes, lockTtlMs: config.store.lock_ttl_ms }, refreshQueue });
    const matching = config.matching.enabled ? await createDriverMatching(jetstream(nc)) : null;
    // A connector-only cloud (or `mre liverc` on its own) may have no read models: not a fault, just no history.
    const history = await HistoryStore.open(nc).catch((error: Error) => {
      log.info('drivers\' history is not kept here: imports are not added to it', { reason: error.message });
      return null;
    });
    return {
      nc,
      connector,
      ingestion,
      matching,
      history,
      async close() {
        await connector.close().catch((error: Error) => log.warn('LiveRC connector did not close cleanly', { err: error }));
        if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
      },
    };
  } catch (error) {
    await connector.close().catch(() => undefined);
    await nc.close();
    throw error;
  }
}
