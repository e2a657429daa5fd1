/** @module The LiveRC role as `mre cloud start` runs it: the connector runtime, the import job queue and its worker, and the `/api/connectors/liverc` routes. */
import type { Hono } from 'hono';
import { openAccounts, type Accounts } from '../accounts/index.ts';
import { boxTokenSecret, openAdmin } from '../admin/index.ts';
import { createLiveRcApi } from '../liverc/api/index.ts';
import { JobQueue } from '../liverc/jobs/job-queue.ts';
import { JobWorker } from '../liverc/jobs/job-worker.ts';
import { boxRaceRoutes } from '../portal/box-races.ts';
import { syncMembers } from '../portal/member-sync.ts';
import { backfillLiveRcHistory, type BackfillResult } from '../portal/history-backfill.ts';
import { createLogger } from '../../shared/log/index.ts';
import { historyRoutes } from '../portal/history-routes.ts';
import { liveRoutes } from '../portal/live-routes.ts';
import type { CloudConfig } from './config.ts';
import { openLiveRcRuntime, type LiveRcRuntime, type RuntimeOptions } from './liverc-runtime.ts';

export { LIVERC_API_PREFIX } from '../liverc/api/index.ts';

export interface LiveRcRole {
  runtime: LiveRcRuntime;
  queue: JobQueue;
  worker: JobWorker;
  routes: Hono;
  /** The users and the door the LiveRC API sits behind; its `/api/auth` routes are mounted beside it. */
  accounts: Accounts;
  /** The admin console's routes, mounted at ADMIN_API_PREFIX. */
  adminRoutes: Hono;
  /** The portal's routes over box-timed races, mounted at PORTAL_BOX_PREFIX. */
  boxRoutes: Hono;
  /** The portal's drivers' history routes, mounted at PORTAL_API_PREFIX. */
  historyRoutes: Hono;
  /** The portal's live tracks list, mounted at PORTAL_LIVE_PREFIX. */
  liveRoutes: Hono;
  health(): Record<string, unknown>;
  /** Stops taking jobs; the running one gets `graceMs` to end, else it goes back to the queue. Before HTTP closes. */
  stopWork(graceMs: number): Promise<void>;
  /** The one-time pass writing drivers' history rows of events imported before it was kept; null without history. */
  historyBackfill: Promise<BackfillResult | null>;
  /** After HTTP closed: ends requests to LiveRC, waits (this long at most) for the worker, drains NATS. */
  close(stoppedWithinMs?: number): Promise<void>;
}

export async function startLiveRcRole(config: CloudConfig, options: RuntimeOptions & { worker?: boolean } = {}): Promise<LiveRcRole> {
  const runtime = await openLiveRcRuntime(config, options);
  const { nc, ingestion, connector, matching } = runtime;
  let queue: JobQueue;
  let accounts: Accounts;
  let admin: Hono;
  try {
    accounts = await openAccounts(nc, config);
    queue = await JobQueue.open(nc, { maxBytes: config.jobs.max_bytes, maxQueued: config.queues.imports, stateMaxBytes: config.jobs.state_max_bytes, stateTtlMs: config.jobs.state_ttl_days * 86_400_000, ackWaitMs: config.jobs.ack_wait_ms });
    admin = await openAdmin(nc, accounts, queue, config, { matching, store: ingestion.store });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  const worker = new JobWorker({ nc, queue, ingestion, connector, matching, history: runtime.history, members: runtime.matching?.users ? { sync: () => syncMembers(accounts.store, runtime.matching!.users) } : null, ackWaitMs: config.jobs.ack_wait_ms, maxDeliveries: config.jobs.max_deliveries });
  if (options.worker !== false) worker.start();
  let closing = false;
  const historyLog = createLogger('cloud:portal');
  const historyBackfill = runtime.history
    ? backfillLiveRcHistory(runtime.history, ingestion, { log: historyLog, stopped: () => closing }).catch((error: Error) => {
        if (!closing) historyLog.warn("drivers' history back-fill failed; it runs again at the next start", { err: error });
        return null;
      })
    : Promise.resolve(null);
  return {
    runtime,
    queue,
    worker,
    routes: createLiveRcApi({ nc, ingestion, queue, door: accounts.door }),
    accounts,
    adminRoutes: admin,
    boxRoutes: boxRaceRoutes({ nc, door: accounts.door }),
    historyRoutes: historyRoutes({ nc, door: accounts.door, matching: runtime.matching }),
    liveRoutes: liveRoutes({ nc, door: accounts.door, privateTracks: config.gateway.private_tracks, secret: config.gateway.private_tracks.length > 0 ? boxTokenSecret(config) : null }),
    health: () => ({ nats: !nc.isClosed(), catalogue: ingestion.index.stats(), worker: worker.busy ? 'importing' : 'idle', refreshes_pending: ingestion.refreshesPending }),
    stopWork: (graceMs) => worker.stop(graceMs),
    historyBackfill,
    async close(stoppedWithinMs = 5_000) {
      closing = true;
      await historyBackfill;
      // Closing the connector ends an import still running; the worker hands its job back first.
      await connector.close().catch(() => undefined);
      await worker.stopped(stoppedWithinMs);
      accounts.stop();
      await runtime.close();
    },
  };
}
