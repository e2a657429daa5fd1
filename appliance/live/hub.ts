/**
 * @module The live hub: `GET /ws/v1/live` on a Hono app (DESIGN "Live WebSocket contract"), a snapshot
 * per channel at connect, then every published item fanned out to the clients whose scope holds it,
 * a shared heartbeat, and per-client backpressure (client.ts).
 */
import { performance } from 'node:perf_hooks';
import { upgradeWebSocket, type HttpBindings } from '@hono/node-server';
import type { Env, Hono } from 'hono';
import type { WSContext } from 'hono/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { LIVE_CHANNELS, type LiveChannel, type LiveErrorPayload } from '../../shared/contracts/live.ts';
import { assertToken, ContractError } from '../../shared/contracts/tokens.ts';
import { createLogger } from '../../shared/log/index.ts';
import { LiveClient, type Lag, type LiveScope } from './client.ts';
import { buildFrame, type Frame } from './frame.ts';
import { SharedInterval } from './timers.ts';
import { LIVE_PATH, resolveOptions, type LiveHubOptions, type LiveHubStats, type LiveItem, type LiveSettings } from './types.ts';
import { checkLiveQuery, isUpgradeRequest, refuse } from './upgrade.ts';

const log = createLogger('appliance:live');

/** RFC 6455 §7.4.1: 1001 going away, 1011 unexpected condition; 1013 (IANA registry) try again later. */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_INTERNAL = 1011;
const CLOSE_LAGGING = 1013;
/** How often slow clients are looked at; fast enough that a drained socket refills before it idles. */
const DRAIN_POLL_MS = 50;
/** close() waits this long for clients to answer the closing handshake before destroying their sockets, so SIGTERM ends promptly whatever they do. */
const SHUTDOWN_GRACE_MS = 1500;
/** A lagging client's socket is destroyed this long after its close unless it answered: it holds memory until then. */
const LAGGING_CLOSE_GRACE_MS = 1000;

export class LiveHub {
  /** The ws server to pass as `serve({ fetch, websocket: { server: hub.wss } })`. */
  readonly wss: WebSocketServer;
  readonly #settings: LiveSettings;
  readonly #clients = new Set<LiveClient>();
  /** Every socket not closed yet, those being closed for lag included: shutdown destroys what is left. */
  readonly #open = new Set<LiveClient>();
  readonly #slow = new Set<LiveClient>();
  readonly #counters = { messages_sent: 0, coalesced: 0, dropped: 0, lagging_closed: 0 };
  readonly #heartbeat: SharedInterval;
  readonly #drainPoll: SharedInterval;
  #nextId = 1;
  #closing: Promise<void> | null = null;

  constructor(options: LiveHubOptions) {
    this.#settings = resolveOptions(options);
    // Clients only send pings: a small maxPayload stops a misbehaving one from costing memory.
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });
    this.#heartbeat = new SharedInterval('heartbeat', this.#settings.heartbeatMs, () => this.#beat(), log);
    this.#drainPoll = new SharedInterval('drain poll', DRAIN_POLL_MS, () => this.#pumpSlow(), log);
  }

  /** Registers GET /ws/v1/live. The query is checked before the upgrade: a refusal is HTTP 400 `{error}` naming the problem. */
  mount<E extends Env>(app: Hono<E>): void {
    app.get(LIVE_PATH, async (c) => {
      if (this.#closing) return refuse(c, 503, 'the live feed is shutting down');
      const checked = checkLiveQuery(c.req.query(), this.#settings.trackId);
      if ('error' in checked) return refuse(c, 400, checked.error);
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
            client = this.#connect(ws, checked.scope, remote);
          },
          onClose: (event) => {
            if (client) this.#remove(client, event.code);
          },
          onError: (event) => log.debug('live client socket error', { client: client?.id, remote, err: String((event as ErrorEvent).error) }),
          // Messages from clients mean nothing to the feed; ws answers pings by itself.
        },
        { onError: (err) => log.error('live client handler failed', { client: client?.id, remote, err: err instanceof Error ? err : String(err) }) },
      );
    });
  }

  /** Fans an item out to every client whose scope holds it; the message is serialized once. */
  publish(item: LiveItem): void {
    if (this.#closing) return;
    if (!LIVE_CHANNELS.includes(item.channel)) throw new ContractError(`live item channel ${JSON.stringify(item.channel)} must be one of ${LIVE_CHANNELS.join(', ')}`);
    if (item.event_id !== null) assertToken('event_id', item.event_id);
    const { payload } = item;
    // One frame per distinct client scope, built on first need: a static payload is one frame for all.
    const frames = new Map<string | null, Frame>();
    const frameFor = (scope: string | null): Frame => {
      const key = typeof payload === 'function' ? scope : null;
      let frame = frames.get(key);
      if (!frame) {
        frame = this.#frame('event', item.channel, item.event_id, typeof payload === 'function' ? payload(scope) : payload);
        frames.set(key, frame);
      }
      return frame;
    };
    for (const client of this.#clients) {
      if (!client.wants(item.channel, item.event_id)) continue;
      const lag = client.offer(frameFor(client.scope.eventId), item.coalesce_key);
      if (lag) this.#dropLagging(client, lag);
    }
  }

  stats(): LiveHubStats {
    return { clients: this.#clients.size, ...this.#counters };
  }

  /** Closes every client (1001), then the ws server. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  #connect(ws: WSContext<unknown>, scope: LiveScope, remote: string): LiveClient | null {
    const raw = ws.raw;
    // serve() may be given another ws server by mistake; backpressure needs a `ws` socket's bufferedAmount.
    if (!(raw instanceof WebSocket)) {
      log.error('live socket is not a ws WebSocket, pass hub.wss to serve()', { remote });
      ws.close(CLOSE_INTERNAL, 'server misconfigured');
      return null;
    }
    if (this.#closing) {
      raw.close(CLOSE_GOING_AWAY, 'server shutting down');
      return null;
    }
    const client = new LiveClient(this.#nextId++, raw, scope, {
      limits: { ...this.#settings, closeGraceMs: LAGGING_CLOSE_GRACE_MS },
      counters: this.#counters,
      clock: () => performance.now(),
      onSlow: (slow) => {
        if (!this.#clients.has(slow)) return;
        this.#slow.add(slow);
        this.#drainPoll.start();
      },
    });
    let snapshots: Frame[];
    try {
      // All built before any is sent, in the same tick as registering: nothing published falls between.
      snapshots = scope.channels.map((channel) => this.#frame('snapshot', channel, scope.eventId, this.#settings.snapshot(channel, scope.eventId)));
    } catch (err) {
      log.error('live snapshot failed, client closed', { client: client.id, remote, err: err instanceof Error ? err : String(err) });
      client.send(this.#errorFrame(client, { code: 'internal', message: 'the snapshot could not be built, see the appliance log', reconnect_after_ms: this.#settings.reconnectAfterMs }));
      client.close(CLOSE_INTERNAL, 'snapshot failed');
      return null;
    }
    this.#clients.add(client);
    this.#open.add(client);
    void client.closed.then(() => this.#open.delete(client));
    this.#heartbeat.start();
    for (const frame of snapshots) client.send(frame);
    log.debug('live client connected', () => ({ client: client.id, remote, channels: scope.channels.join(','), event_id: scope.eventId }));
    return client;
  }

  #remove(client: LiveClient, code: number): void {
    this.#slow.delete(client);
    if (!this.#clients.delete(client)) return;
    if (this.#clients.size === 0) this.#heartbeat.stop();
    log.debug('live client closed', () => ({ client: client.id, code }));
  }

  #dropLagging(client: LiveClient, lag: Lag): void {
    this.#clients.delete(client);
    this.#slow.delete(client);
    if (this.#clients.size === 0) this.#heartbeat.stop();
    const { reconnectAfterMs } = this.#settings;
    client.send(this.#errorFrame(client, { code: 'lagging', message: 'this client fell behind the live feed; reconnect for a fresh snapshot', reconnect_after_ms: reconnectAfterMs }));
    client.close(CLOSE_LAGGING, 'lagging');
    this.#counters.lagging_closed += 1;
    log.warn('live client lagging, closed', { client: client.id, ...lag, reconnect_after_ms: reconnectAfterMs });
  }

  #pumpSlow(): void {
    for (const client of this.#slow) {
      const lag = client.pump();
      if (lag) this.#dropLagging(client, lag);
      else if (!client.slow) this.#slow.delete(client);
    }
    if (this.#slow.size === 0) this.#drainPoll.stop();
  }

  #beat(): void {
    // A slow client has bytes in flight already; a heartbeat would only queue behind them.
    for (const client of this.#clients) {
      if (!client.slow) client.send(this.#frame('heartbeat', client.scope.channels[0], client.scope.eventId, {}));
    }
  }

  #frame(kind: Frame['kind'], channel: LiveChannel, eventId: string | null, payload: Record<string, unknown>): Frame {
    return buildFrame({ kind, channel, track_id: this.#settings.trackId, event_id: eventId, ts_us: this.#settings.now(), payload });
  }

  /** The error (and the heartbeat) belong to the connection, not to one channel: they carry the first one it asked for. */
  #errorFrame(client: LiveClient, payload: LiveErrorPayload): Frame {
    return this.#frame('error', client.scope.channels[0], client.scope.eventId, payload);
  }

  async #shutdown(): Promise<void> {
    this.#heartbeat.stop();
    this.#drainPoll.stop();
    const clients = [...this.#open];
    for (const client of this.#clients) client.close(CLOSE_GOING_AWAY, 'server shutting down');
    this.#clients.clear();
    this.#slow.clear();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(clients.map((c) => c.closed)), new Promise((resolve) => (grace = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
    clearTimeout(grace);
    for (const client of clients) client.terminate();
    this.#open.clear();
    // ws calls back with "not running" when node-server's close already closed it; closed either way.
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
