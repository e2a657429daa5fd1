/**
 * @module The portal's live routes (`/api/portal/live`): the tracks the cloud has results for, live or
 * idle, newest activity first, from the projection's track summaries (the same lister as the
 * cloud's index). Behind the accounts door: a session or an admin's API token.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Hono } from 'hono';
import { createLogger, type Logger } from '../../shared/log/index.ts';
import type { Door } from '../accounts/door.ts';
import { trackLister, TRACKS_LISTED } from '../gateway/track-list.ts';
import { ApiError, renderError } from '../liverc/api/errors.ts';
import { ProvisionError } from '../ingest/provision-error.ts';

export const PORTAL_LIVE_PREFIX = '/api/portal/live';

export function liveRoutes(deps: { nc: NatsConnection; door: Door; privateTracks: readonly string[]; log?: Logger }): Hono {
  const log = deps.log ?? createLogger('cloud:portal');
  const list = trackLister(deps.nc, deps.privateTracks);
  const app = new Hono();
  app.use('*', deps.door.signedIn);
  app.get('/tracks', async (c) => {
    try {
      return c.json({ tracks: await list(), limit: TRACKS_LISTED });
    } catch (error) {
      if (error instanceof ProvisionError) throw new ApiError(503, `no track's results are kept on this cloud yet: ${error.message}`);
      throw error;
    }
  });
  app.notFound((c) => c.json({ error: `no such portal route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError(renderError(log));
  return app;
}
