/** @module `mre cloud start`: the cloud process. For now it hosts the LiveRC connector only: its HTTP API under /api/connectors/liverc and its import worker. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createLogger } from '../../shared/log/index.ts';
import { createLiveRcApi, LIVERC_API_PREFIX } from '../liverc/api/index.ts';
import { JobQueue } from '../liverc/jobs/job-queue.ts';
import { JobWorker } from '../liverc/jobs/job-worker.ts';
import type { CloudConfig } from './config.ts';
import { openLiveRcRuntime, type LiveRcRuntime, type RuntimeOptions } from './liverc-runtime.ts';

const log = createLogger('cloud');

export interface CloudService {
  url: string;
  /** The HTTP app, for in-process requests (`app.request()`). */
  app: Hono;
  port: number;
  runtime: LiveRcRuntime;
  queue: JobQueue;
  worker: JobWorker;
  /** Stops taking jobs, lets the current one end (or hands it back), closes HTTP, drains NATS. */
  stop(graceMs?: number): Promise<void>;
}

export async function startCloud(config: CloudConfig, options: RuntimeOptions & { worker?: boolean } = {}): Promise<CloudService> {
  const runtime = await openLiveRcRuntime(config, options);
  const { nc, ingestion, connector, matching } = runtime;
  const queue = await JobQueue.open(nc, { maxBytes: config.jobs.max_bytes, maxQueued: config.queues.imports, stateMaxBytes: config.jobs.state_max_bytes, stateTtlMs: config.jobs.state_ttl_days * 86_400_000, ackWaitMs: config.jobs.ack_wait_ms });
  const worker = new JobWorker({ nc, queue, ingestion, connector, matching, ackWaitMs: config.jobs.ack_wait_ms, maxDeliveries: config.jobs.max_deliveries });
  if (options.worker !== false) worker.start();

  const app = new Hono();
  app.get('/healthz', (c) => (nc.isClosed() ? c.json({ ok: false, nats: 'closed' }, 503) : c.json({ ok: true, nats: nc.getServer(), catalogue: ingestion.index.stats(), worker: worker.busy ? 'importing' : 'idle', refreshes_pending: ingestion.refreshesPending })));
  app.route(LIVERC_API_PREFIX, createLiveRcApi({ nc, ingestion, queue }));
  app.notFound((c) => c.json({ error: `no such route: ${c.req.method} ${c.req.path}` }, 404));

  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host }, () => resolve(s));
      s.once('error', (error) => reject(new Error(`cannot listen on ${config.http.host}:${config.http.port}: ${error.message}`)));
    });
  } catch (error) {
    await worker.stop(0);
    await runtime.close();
    await worker.stopped(1_000);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  log.info('cloud started', { url, nats: config.nats_url, liverc: config.liverc.enabled ? 'enabled' : 'switched off' });

  let stopping: Promise<void> | null = null;
  return {
    url,
    app,
    port,
    runtime,
    queue,
    worker,
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        await worker.stop(graceMs);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Open SSE streams and keep-alive sockets would otherwise hold the close open.
          if ('closeAllConnections' in server) server.closeAllConnections();
        });
        // Closing the connector ends an import still running; the worker hands its job back first.
        await connector.close().catch(() => undefined);
        await worker.stopped();
        await runtime.close();
        log.info('cloud stopped');
      })();
      return stopping;
    },
  };
}
