/** @module The box's HTTP server: health, status, metrics, passings, the race API, results sheets, the live feed and the web apps, behind the Host check, browser headers and body limits. Errors render through one handler as JSON naming the problem. */
import { hostname } from 'node:os';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { createLogger } from '../../shared/log/index.ts';
import { recentPassings, type EnvelopeLog } from '../log/index.ts';
import { mountLive, type LiveHub } from '../../shared/live/index.ts';
import { mountMetrics, type MetricsRegistry } from '../../shared/metrics/index.ts';
import { mountRaceRoutes, type RaceRouteDeps } from './race-routes.ts';
import { mountResults, type ResultsDeps } from './results/index.ts';
import { declaredBodyLimit } from './guards/body-limit.ts';
import { browserHeaders } from './guards/browser-headers.ts';
import { hostGuard } from './guards/host-guard.ts';
import type { ApplianceStatus } from '../../shared/contracts/status.ts';
import { mountWebApps } from '../../shared/web/web-apps.ts';
import { runningVersion } from '../../shared/release/running-version.ts';

const log = createLogger('appliance:http');

/** Only POST /api/control reads a body, with its own ceilings; nothing else takes one. */
const OTHER_BODY_BYTES = 16 * 1024;

const passingsQuery = z.strictObject({
  limit: z.coerce.number({ error: 'limit must be a number' }).int({ error: 'limit must be a whole number' }).min(1, { error: 'limit must be at least 1' }).max(1000, { error: 'limit must be at most 1000' }).default(20),
});

export interface HttpDeps {
  log: EnvelopeLog;
  status: () => ApplianceStatus;
  /** Race API and race control. */
  race?: RaceRouteDeps;
  /** Printable results sheets and CSV at /results/. */
  results?: ResultsDeps;
  /** The live WebSocket feed. */
  live?: LiveHub;
  /** Viewers the live feed serves at once (`live.max_clients`). */
  liveMaxClients?: number;
  /** `GET /metrics`, open on the LAN like `/api/status` (docs/appliance.md "Metrics"). */
  metrics?: MetricsRegistry;
  /** Built web apps (web/dist); the pages say how to build them when it is missing. */
  webDist?: string;
  /** Names the box answers to besides IP literals, localhost and its machine name (`http.hostnames`). */
  hostnames?: readonly string[];
}

export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  // First, so a rebound name reaches nothing, the live feed's upgrade included.
  app.use(hostGuard({ hostnames: deps.hostnames ?? [], machineName: hostname() }));
  app.use(browserHeaders());
  app.use(async (c, next) => (c.req.path.startsWith('/api/control/') ? next() : declaredBodyLimit(OTHER_BODY_BYTES)(c, next)));
  if (deps.live) mountLive(app, deps.live, deps.liveMaxClients === undefined ? {} : { maxClients: deps.liveMaxClients, maxClientsSetting: 'live.max_clients' });
  if (deps.race) mountRaceRoutes(app, deps.race);
  if (deps.results) mountResults(app, deps.results);

  app.get('/healthz', (c) => {
    const status = deps.status();
    // Healthy means the process serves and its log takes records; a missing decoder shows in /api/status, not here.
    const healthy = status.log.refusing === null;
    return c.json({ ok: healthy, version: runningVersion(), ...(healthy ? {} : { problem: status.log.refusing }) }, healthy ? 200 : 503);
  });

  app.get('/api/status', (c) => c.json(deps.status()));

  if (deps.metrics) mountMetrics(app, deps.metrics, { log: createLogger('appliance:metrics') });

  app.get('/api/passings', async (c) => {
    const parsed = passingsQuery.safeParse(c.req.query());
    if (!parsed.success) {
      throw new HTTPException(400, { message: parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') });
    }
    const passings = await recentPassings(deps.log, parsed.data.limit);
    return c.json({ passings });
  });

  if (deps.webDist) mountWebApps(app, { distDir: deps.webDist });

  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    log.error('request failed', { method: c.req.method, path: c.req.path, err: error });
    return c.json({ error: 'internal error, see the appliance log' }, 500);
  });
  return app;
}
