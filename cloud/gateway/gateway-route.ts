/**
 * @module `GET /ws/v1/live` on the cloud: the box's contract and hub, many tracks per process. Each
 * request passes the doors in turn (attempts per address, the query, the upgrade, the viewer token for
 * a private track, the client cap), then holds its track's feed (opening it for the first client) and
 * is upgraded and handed to the hub. Every refusal is JSON `{error}` with the status that says why.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Env, Hono } from 'hono';
import { WebSocket } from 'ws';
import { LIVE_PATH, parseLiveRequest, refuse, type LiveHub } from '../../shared/live/index.ts';
import { isUpgradeRequest } from '../../shared/live/refuse.ts';
import { RateLimitedWarning, type Logger } from '../../shared/log/index.ts';
import { ingestClientAddress } from '../ingest/client-address.ts';
import type { ConnectLimiter } from './connect-limiter.ts';
import { TooManyTracks, type FeedHold, type TrackFeeds } from './feeds.ts';
import { viewerTokenOf, type ViewerDoor } from './viewer-door.ts';

/** RFC 6455 §7.4.1: 1011 unexpected condition. */
const CLOSE_INTERNAL = 1011;
/** A request upgraded but never opened (the client went away mid-handshake) lets go of its track after this. */
const OPEN_TIMEOUT_MS = 10_000;
const RETRY_AFTER_BUSY_S = 5;

export interface GatewayRouteDeps {
  hub: LiveHub;
  feeds: TrackFeeds;
  door: ViewerDoor;
  limiter: ConnectLimiter;
  maxClients: number;
  trustProxy: boolean;
  log: Logger;
}

export interface GatewayDoors {
  /** Clients past every door whose socket is not open yet. */
  pending(): number;
  stop(): void;
}

export function mountGateway<E extends Env>(app: Hono<E>, deps: GatewayRouteDeps): GatewayDoors {
  const { hub, feeds, door, limiter, log } = deps;
  const flooding = new RateLimitedWarning(log, 'live gateway refused connection attempts from an address', { tallyField: 'addresses' });
  const refusedViewer = new RateLimitedWarning(log, 'live gateway refused a viewer of a private track', { tallyField: 'reasons' });
  const full = new RateLimitedWarning(log, 'live gateway full, clients refused', { tallyField: 'limits' });
  let pending = 0;

  app.get(LIVE_PATH, async (c) => {
    if (hub.closing) return refuse(c, 503, 'the live feed is shutting down');
    const address = ingestClientAddress(c, deps.trustProxy);
    const attempt = limiter.take(address);
    if (!attempt.ok) {
      flooding.add({ remote: address, retry_after_s: attempt.retryAfterS }, address);
      return refuse(c, 429, `too many connection attempts from ${address}: wait ${attempt.retryAfterS} s before connecting again`, { 'Retry-After': String(attempt.retryAfterS) });
    }
    const { token, ...query } = c.req.query();
    const request = parseLiveRequest(query);
    if ('error' in request) return refuse(c, 400, request.error);
    if (!isUpgradeRequest(c)) {
      c.header('Upgrade', 'websocket');
      return refuse(c, 426, `${LIVE_PATH} is a WebSocket endpoint: send "Upgrade: websocket"`);
    }
    const verdict = door.check(request.trackId, viewerTokenOf(token, c.req.header('authorization')));
    if (!verdict.ok) {
      refusedViewer.add({ remote: address, track_id: request.trackId, reason: verdict.reason }, verdict.reason);
      return refuse(c, verdict.status, verdict.error);
    }
    if (hub.stats().clients + pending >= deps.maxClients) {
      full.add({ remote: address, max_clients: deps.maxClients }, 'clients');
      return refuse(c, 503, `this live gateway serves its maximum of ${deps.maxClients} clients (gateway.max_clients); try again later`, { 'Retry-After': String(RETRY_AFTER_BUSY_S) });
    }
    pending++;
    let hold: FeedHold;
    try {
      hold = await feeds.acquire(request.trackId);
    } catch (error) {
      pending--;
      if (error instanceof TooManyTracks) full.add({ remote: address, max_tracks: error.max }, 'tracks');
      else log.warn('live track feed could not start', { track_id: request.trackId, err: error as Error });
      const message = error instanceof TooManyTracks ? error.message : `the live feed of track_id "${request.trackId}" cannot be read now (${(error as Error).message}); try again shortly`;
      return refuse(c, 503, message, { 'Retry-After': String(RETRY_AFTER_BUSY_S) });
    }
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      pending--;
      clearTimeout(timer);
      return true;
    };
    const timer = setTimeout(() => settle() && hold.release(), OPEN_TIMEOUT_MS);
    return upgradeWebSocket(
      c,
      {
        onOpen: (_event, ws) => {
          if (!settle()) return ws.close(CLOSE_INTERNAL, 'opened too late');
          if (!(ws.raw instanceof WebSocket)) {
            log.error('live socket is not a ws WebSocket, pass hub.wss to serve()', { remote: address });
            hold.release();
            return ws.close(CLOSE_INTERNAL, 'server misconfigured');
          }
          const client = hub.connect(ws.raw, request, address);
          if (!client) hold.release();
          else void client.closed.then(() => hold.release());
        },
        onError: (event) => log.debug('live client socket error', { remote: address, err: String((event as ErrorEvent).error) }),
      },
      { onError: (err) => log.error('live client handler failed', { remote: address, err: err instanceof Error ? err : String(err) }) },
    );
  });

  return {
    pending: () => pending,
    stop() {
      flooding.stop();
      refusedViewer.stop();
      full.stop();
    },
  };
}
