/**
 * @module The portal's live routes (`/api/portal/live`): the tracks the cloud has results for, live or
 * idle, newest activity first, from the projection's track summaries (the same lister as the
 * cloud's index), and a signed-in member's pass to watch a private track's board: a viewer token
 * that ends after PASS_TTL_S, asked for again on each connection. Behind the accounts door: a
 * session or an admin's API token.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { Hono } from 'hono';
import { createLogger, RateLimitedWarning, type Logger } from '../../shared/log/index.ts';
import { principalOf, type Door } from '../accounts/door.ts';
import { ConnectLimiter } from '../gateway/connect-limiter.ts';
import { trackLister, TRACKS_LISTED } from '../gateway/track-list.ts';
import { issueViewerToken } from '../gateway/viewer-token.ts';
import { ApiError, renderError, tokenParam as token } from '../liverc/api/errors.ts';
import { ProvisionError } from '../ingest/provision-error.ts';

export const PORTAL_LIVE_PREFIX = '/api/portal/live';
/** Long enough to connect and ride out a reconnect; a removed member's last pass ends soon after. */
export const PASS_TTL_S = 600;
/** Passes per member: a board asks once per connection, so a burst of reconnects fits, a script does not. */
export const PASS_BURST = 20;
export const PASSES_PER_MINUTE = 10;

export interface LiveRouteDeps {
  nc: NatsConnection;
  door: Door;
  privateTracks: readonly string[];
  /** Signs viewer passes; null when this process has no token secret (private boards then answer 503). */
  secret: Buffer | null;
  log?: Logger;
}

export function liveRoutes(deps: LiveRouteDeps): Hono {
  const log = deps.log ?? createLogger('cloud:portal');
  const list = trackLister(deps.nc, deps.privateTracks);
  const hidden = new Set(deps.privateTracks);
  const passes = new ConnectLimiter(PASS_BURST, PASSES_PER_MINUTE);
  const refused = new RateLimitedWarning(log, 'portal refused a viewer pass', { tallyField: 'reasons' });
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
  app.get('/tracks/:track/pass', (c) => {
    const trackId = token(c.req.param('track'), 'track');
    // A public track's board needs no pass: every viewer may watch it.
    if (!hidden.has(trackId)) return c.json({ track_id: trackId, private: false, token: null });
    const user = principalOf(c)!.user;
    if (!deps.secret) throw new ApiError(503, `track ${trackId} is private and this cloud has no token secret to sign a viewer pass with (ingest.token_secret)`);
    const verdict = passes.take(user.name);
    if (!verdict.ok) {
      refused.add({ user: user.name, track_id: trackId }, 'rate');
      c.header('Retry-After', String(verdict.retryAfterS));
      throw new ApiError(429, `too many viewer passes for ${user.name}: wait ${verdict.retryAfterS} s`);
    }
    const { token: pass, claims } = issueViewerToken(deps.secret, trackId, undefined, PASS_TTL_S);
    log.info('viewer pass issued', { user: user.name, track_id: trackId, jti: claims.jti, ttl_s: PASS_TTL_S });
    return c.json({ track_id: trackId, private: true, token: pass, expires_at: new Date(claims.exp! * 1000).toISOString() });
  });
  app.notFound((c) => c.json({ error: `no such portal route: ${c.req.method} ${c.req.path}` }, 404));
  app.onError(renderError(log));
  return app;
}
