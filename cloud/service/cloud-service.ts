/** @module `mre cloud start`: the cloud process, running the roles asked for (all by default) behind one HTTP server: ingest (`/api/ingest`), the LiveRC connector (`/api/connectors/liverc` and its import worker), the read-model projection, and the live gateway (`/ws/v1/live`). */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { AUTH_API_PREFIX } from '../accounts/auth-routes.ts';
import { ADMIN_API_PREFIX } from '../admin/index.ts';
import { INGEST_API_PREFIX, startIngestRole, type IngestRole } from '../ingest/ingest-role.ts';
import { createLogger } from '../../shared/log/index.ts';
import { MetricsRegistry, mountMetrics, watchProcess } from '../../shared/metrics/index.ts';
import type { JobQueue } from '../liverc/jobs/job-queue.ts';
import type { JobWorker } from '../liverc/jobs/job-worker.ts';
import type { CloudConfig } from './config.ts';
import { LIVERC_API_PREFIX, startLiveRcRole, type LiveRcRole } from './liverc-role.ts';
import type { LiveRcRuntime, RuntimeOptions } from './liverc-runtime.ts';
import { startLiveRoles, type LiveRoles } from './live-roles.ts';
import type { CloudRole } from './roles.ts';
import { mountIndex } from './index-page.ts';
import { trackLister } from '../gateway/track-list.ts';
import { DEFAULT_WEB_DIST, mountTrackBoards } from '../../shared/web/web-apps.ts';
import { mountPortalPages } from '../portal/portal-pages.ts';
import { PORTAL_BOX_PREFIX } from '../portal/box-races.ts';
import { PORTAL_API_PREFIX } from '../portal/history-routes.ts';
import { PORTAL_LIVE_PREFIX } from '../portal/live-routes.ts';

const log = createLogger('cloud');

export interface CloudService {
  url: string;
  /** The HTTP app, for in-process requests (`app.request()`). */
  app: Hono;
  port: number;
  roles: readonly CloudRole[];
  ingest: IngestRole | null;
  liverc: LiveRcRole | null;
  /** The race, projection and gateway roles (each null when it does not run here). */
  live: LiveRoles;
  /** This process's metrics, served at `GET /metrics`. */
  metrics: MetricsRegistry;
  /** The LiveRC role's parts; reading one throws when that role does not run in this process. */
  readonly runtime: LiveRcRuntime;
  readonly queue: JobQueue;
  readonly worker: JobWorker;
  /** Stops taking jobs, lets the current one end (or hands it back), closes HTTP, drains NATS. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions extends RuntimeOptions {
  /** false: the LiveRC import worker is made but not started (tests start it themselves). */
  worker?: boolean;
  /** Wins over `config.roles`. */
  roles?: readonly CloudRole[];
}

function listen(app: Hono, config: CloudConfig, live: LiveRoles): Promise<ServerType> {
  return new Promise<ServerType>((resolve, reject) => {
    // The gateway's sockets are upgraded by its live hub's ws server.
    const websocket = live.gateway ? { websocket: { server: live.gateway.hub.wss } } : {};
    const s = serve({ fetch: app.fetch, port: config.http.port, hostname: config.http.host, ...websocket }, () => resolve(s));
    s.once('error', (error) => reject(new Error(`cannot listen on ${config.http.host}:${config.http.port}: ${error.message}`)));
  });
}

function closeHttp(server: ServerType): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Open SSE streams and keep-alive sockets would otherwise hold the close open.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

function healthApp(app: Hono, ingest: IngestRole | null, liverc: LiveRcRole | null, live: LiveRoles, roles: readonly CloudRole[]): void {
  app.get('/healthz', (c) => {
    const liveHealth = live.health();
    const parts = { ...(liverc ? liverc.health() : {}), ...(ingest ? { ingest: ingest.health() } : {}), ...liveHealth.parts };
    const natsUp = (!liverc || liverc.runtime.nc.isClosed() === false) && (!ingest || ingest.health().nats) && liveHealth.up;
    return c.json({ ok: natsUp, roles, ...parts }, natsUp ? 200 : 503);
  });
}

export async function startCloud(config: CloudConfig, options: StartOptions = {}): Promise<CloudService> {
  const roles = options.roles ?? config.roles;
  let ingest: IngestRole | null = null;
  let liverc: LiveRcRole | null = null;
  let live: LiveRoles | null = null;
  let server: ServerType;
  const app = new Hono();
  const metrics = new MetricsRegistry();
  watchProcess(metrics);
  try {
    if (roles.includes('ingest')) ingest = await startIngestRole(config, options.name ? `${options.name}-ingest` : undefined, metrics);
    if (roles.includes('liverc')) liverc = await startLiveRcRole(config, options);
    live = await startLiveRoles(config, roles, options.name, metrics);
    healthApp(app, ingest, liverc, live, roles);
    mountIndex(app, roles, live.gateway ? trackLister(live.gateway.nc, config.gateway.private_tracks) : undefined);
    mountMetrics(app, metrics, { log: createLogger('cloud:metrics') });
    if (ingest) app.route(INGEST_API_PREFIX, ingest.routes);
    if (liverc) app.route(LIVERC_API_PREFIX, liverc.routes);
    if (liverc) app.route(AUTH_API_PREFIX, liverc.accounts.routes);
    if (liverc) app.route(ADMIN_API_PREFIX, liverc.adminRoutes);
    if (liverc) app.route(PORTAL_BOX_PREFIX, liverc.boxRoutes);
    if (liverc) app.route(PORTAL_LIVE_PREFIX, liverc.liveRoutes);
    if (liverc) app.route(PORTAL_API_PREFIX, liverc.historyRoutes);
    live.gateway?.mount(app);
    if (live.gateway) mountTrackBoards(app, { distDir: DEFAULT_WEB_DIST });
    if (liverc) mountPortalPages(app, { distDir: DEFAULT_WEB_DIST });
    app.notFound((c) => c.json({ error: `no such route: ${c.req.method} ${c.req.path}` }, 404));
    server = await listen(app, config, live);
  } catch (error) {
    await live?.close();
    await liverc?.stopWork(0);
    await liverc?.close(1_000);
    await ingest?.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  log.info('cloud started', { url, roles: roles.join(','), nats: config.nats_url, ...(liverc ? { liverc: config.liverc.enabled ? 'enabled' : 'switched off' } : {}) });

  const role = (): LiveRcRole => {
    if (!liverc) throw new Error('the liverc role does not run in this process (roles: ' + roles.join(',') + ')');
    return liverc;
  };
  let stopping: Promise<void> | null = null;
  return {
    url,
    app,
    port,
    roles,
    ingest,
    liverc,
    live: live!,
    metrics,
    get runtime() {
      return role().runtime;
    },
    get queue() {
      return role().queue;
    },
    get worker() {
      return role().worker;
    },
    stop(graceMs = 5_000) {
      stopping ??= (async () => {
        await liverc?.stopWork(graceMs);
        await live?.close();
        await closeHttp(server);
        await liverc?.close();
        await ingest?.close();
        log.info('cloud stopped');
      })();
      return stopping;
    },
  };
}
