/**
 * @module `GET /ws/v1/live` on a Hono app served by @hono/node-server: the query is checked before the
 * upgrade (a refusal is HTTP JSON `{error}` naming the problem, an unknown track included), then the
 * upgraded socket is handed to the hub.
 */
import { upgradeWebSocket, type HttpBindings } from '@hono/node-server';
import type { Env, Hono } from 'hono';
import { WebSocket } from 'ws';
import type { LiveClient } from './client.ts';
import type { LiveHub } from './hub.ts';
import { isUpgradeRequest, refuse } from './refuse.ts';
import { LIVE_PATH } from './types.ts';
import { RateLimitedWarning } from '../log/index.ts';

/** RFC 6455 §7.4.1: 1011 unexpected condition. */
const CLOSE_INTERNAL = 1011;

export interface MountLiveOptions {
  /** Clients served at once; more are refused with 503 and Retry-After before the upgrade. */
  maxClients?: number;
  /** The setting that raises the cap, named in the refusal. */
  maxClientsSetting?: string;
}

/** What a refused viewer waits before trying again. */
const RETRY_WHEN_FULL_S = 30;

export function mountLive<E extends Env>(app: Hono<E>, hub: LiveHub, options: MountLiveOptions = {}): void {
  const { log } = hub;
  const full = new RateLimitedWarning(log, 'live feed full: a viewer was refused');
  app.get(LIVE_PATH, async (c) => {
    if (hub.closing) return refuse(c, 503, 'the live feed is shutting down');
    const request = hub.check(c.req.query());
    if ('error' in request) return refuse(c, 400, request.error);
    const { maxClients } = options;
    // Checked before the upgrade, so a crowd of phones cannot hold sockets and memory past the cap.
    if (maxClients !== undefined && hub.stats().clients >= maxClients) {
      full.add({ max_clients: maxClients });
      return refuse(c, 503, `the live feed already serves its ${maxClients} viewers${options.maxClientsSetting ? ` (${options.maxClientsSetting})` : ''}: try again in a little while`, { 'Retry-After': String(RETRY_WHEN_FULL_S) });
    }
    if (!isUpgradeRequest(c)) {
      // RFC 9110 §15.5.22: a 426 names the protocol to upgrade to.
      c.header('Upgrade', 'websocket');
      return refuse(c, 426, `${LIVE_PATH} is a WebSocket endpoint: send "Upgrade: websocket"`);
    }
    const remote = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket.remoteAddress ?? 'unknown';
    let client: LiveClient | null = null;
    return upgradeWebSocket(
      c,
      {
        onOpen: (_event, ws) => {
          // serve() may be given another ws server by mistake; backpressure needs a `ws` socket's bufferedAmount.
          if (!(ws.raw instanceof WebSocket)) {
            log.error('live socket is not a ws WebSocket, pass hub.wss to serve()', { remote });
            ws.close(CLOSE_INTERNAL, 'server misconfigured');
            return;
          }
          client = hub.connect(ws.raw, request, remote);
        },
        onError: (event) => log.debug('live client socket error', { client: client?.id, remote, err: String((event as ErrorEvent).error) }),
        // Messages from clients mean nothing to the feed; ws answers pings by itself. The hub sees the close on the socket.
      },
      { onError: (err) => log.error('live client handler failed', { client: client?.id, remote, err: err instanceof Error ? err : String(err) }) },
    );
  });
}
