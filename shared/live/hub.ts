/**
 * @module The live hub (DESIGN "Live WebSocket contract"), one for the box and the cloud: any number of
 * tracks in one process, each with its own clients and snapshots; a snapshot per channel at connect,
 * then every item published to a track fanned out to those of its clients whose scope holds it, a
 * shared heartbeat, and per-client backpressure (client.ts). It takes sockets already upgraded
 * (route.ts does that on a Hono app), so nothing here knows the HTTP server.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { LIVE_CHANNELS, type LiveChannel, type LiveErrorPayload } from '../contracts/live.ts';
import { assertToken, ContractError } from '../contracts/tokens.ts';
import type { Logger } from '../log/index.ts';
import { LiveClient, type Lag } from './client.ts';
import { buildFrame, type Frame } from './frame.ts';
import { parseLiveRequest, type LiveRequest } from './request.ts';
import { SharedInterval } from './timers.ts';
import { resolveOptions, type LiveHubOptions, type LiveHubStats, type LiveItem, type LiveSettings, type LiveTrackOptions, type SnapshotBuilder } from './types.ts';

/** RFC 6455 §7.4.1: 1001 going away, 1008 policy violation, 1011 unexpected condition; 1013 (IANA registry) try again later. */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_POLICY = 1008;
const CLOSE_INTERNAL = 1011;
const CLOSE_LAGGING = 1013;
/** How often slow clients are looked at; fast enough that a drained socket refills before it idles. */
const DRAIN_POLL_MS = 50;
/** close() waits this long for clients to answer the closing handshake before destroying their sockets, so SIGTERM ends promptly whatever they do. */
const SHUTDOWN_GRACE_MS = 1500;
/** A lagging client's socket is destroyed this long after its close unless it answered: it holds memory until then. */
const LAGGING_CLOSE_GRACE_MS = 1000;

/** What a feeder holds for one served track. */
export interface LiveTrack {
  readonly trackId: string;
  /** Fans an item out to the track's clients whose scope holds it; the message is serialized once per distinct scope. Does nothing once the track or the hub is closed. */
  publish(item: LiveItem): void;
  /** Clients of this track now. */
  clients(): number;
  /** Stops serving the track: its clients get an `unknown_track` error with a reconnect hint and are closed. */
  close(): void;
}

/** An item waiting for the turn's fan-out, with when it was published: its message's time is the publish's, not the send's. */
interface Published {
  item: LiveItem;
  publishedAtMs: number;
  tsUs: number;
}

interface Served {
  trackId: string;
  snapshot: SnapshotBuilder;
  clients: Set<LiveClient>;
  /**
   * Items published since the last fan-out, in order; a keyed item replaces an earlier one with the
   * same key and moves to the end, so what goes out keeps the order of what it says.
   */
  batch: Map<string | number, Published>;
  /** Keys for items that replace nothing in the batch: never equal to a string key. */
  unkeyed: number;
  supersede: boolean;
  /** Cancels the scheduled fan-out; null when none is scheduled. */
  flushing: (() => void) | null;
  /** At least this long between two fan-outs (LiveTrackOptions.fanoutGapMs). */
  gapMs: number;
  lastFlushMs: number;
}

export class LiveHub {
  /** The ws server to pass as `serve({ fetch, websocket: { server: hub.wss } })`. */
  readonly wss: WebSocketServer;
  readonly #settings: LiveSettings;
  readonly #tracks = new Map<string, Served>();
  /** Every client fed now, with its track. */
  readonly #clients = new Map<LiveClient, Served>();
  /** Every socket not closed yet, those being closed for lag included: shutdown destroys what is left. */
  readonly #open = new Set<LiveClient>();
  readonly #slow = new Set<LiveClient>();
  readonly #counters = { messages_sent: 0, coalesced: 0, dropped: 0, lagging_closed: 0, superseded: 0 };
  readonly #heartbeat: SharedInterval;
  readonly #drainPoll: SharedInterval;
  #nextId = 1;
  #closing: Promise<void> | null = null;

  constructor(options: LiveHubOptions = {}) {
    this.#settings = resolveOptions(options);
    // Clients only send pings: a small maxPayload stops a misbehaving one from costing memory.
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });
    this.#heartbeat = new SharedInterval('heartbeat', this.#settings.heartbeatMs, () => this.#beat(), this.log);
    this.#drainPoll = new SharedInterval('drain poll', DRAIN_POLL_MS, () => this.#pumpSlow(), this.log);
  }

  get log(): Logger {
    return this.#settings.log;
  }

  get closing(): boolean {
    return this.#closing !== null;
  }

  /** Starts serving a track: clients may ask for it from now on, and the feeder publishes through what this returns. */
  serve(trackId: string, options: LiveTrackOptions): LiveTrack {
    assertToken('track_id', trackId);
    if (this.#closing) throw new Error(`the live hub is closed: track_id ${JSON.stringify(trackId)} cannot be served`);
    if (this.#tracks.has(trackId)) throw new RangeError(`track_id ${JSON.stringify(trackId)} is served already by this live hub`);
    const { maxTracks } = this.#settings;
    if (this.#tracks.size >= maxTracks) throw new RangeError(`this live hub serves ${maxTracks} tracks already (maxTracks): stop serving one first`);
    const served: Served = { trackId, snapshot: options.snapshot, clients: new Set(), batch: new Map(), unkeyed: 0, supersede: options.supersedeWithinTurn === true, flushing: null, gapMs: options.fanoutGapMs ?? 0, lastFlushMs: -Infinity };
    this.#tracks.set(trackId, served);
    this.log.debug('live track served', { track_id: trackId });
    return {
      trackId,
      publish: (item) => this.#publish(served, item),
      clients: () => served.clients.size,
      close: () => this.#unserve(served),
    };
  }

  serves(trackId: string): boolean {
    return this.#tracks.has(trackId);
  }

  /** A query checked before any upgrade: the request, or why it is refused (the contract, or a track this hub does not serve). */
  check(query: Record<string, string | undefined>): LiveRequest | { error: string } {
    const request = parseLiveRequest(query);
    if ('error' in request) return request;
    return this.#tracks.has(request.trackId) ? request : { error: this.#settings.unknownTrack(request.trackId) };
  }

  /**
   * Feeds an upgraded socket: snapshots, then the track's events. Returns the client, or null when the
   * socket was closed at once: the hub is shutting down, the track is not served (any more), or the
   * snapshot failed, each after an `error` message saying so where there is one to send.
   */
  connect(socket: WebSocket, request: LiveRequest, remote: string): LiveClient | null {
    if (this.#closing) {
      socket.close(CLOSE_GOING_AWAY, 'server shutting down');
      return null;
    }
    const { trackId, scope } = request;
    const client = new LiveClient(this.#nextId++, socket, scope, {
      limits: { ...this.#settings, closeGraceMs: LAGGING_CLOSE_GRACE_MS },
      counters: this.#counters,
      clock: () => performance.now(),
      onFanout: this.#settings.onFanout,
      onSlow: (slow) => {
        if (!this.#clients.has(slow)) return;
        this.#slow.add(slow);
        this.#drainPoll.start();
      },
    });
    const served = this.#tracks.get(trackId);
    if (!served) {
      // The query named a served track, which stopped being served before the socket opened.
      client.send(this.#errorFrame(trackId, client, { code: 'unknown_track', message: this.#settings.unknownTrack(trackId) }));
      client.close(CLOSE_POLICY, 'unknown track');
      return null;
    }
    // The snapshot shows the state after every item published so far: those still waiting for the
    // turn's fan-out go to the clients already here first, or the new one would get them twice.
    if (served.flushing) this.#flush(served);
    let snapshots: Frame[];
    try {
      // All built before any is sent, in the same tick as registering: nothing published falls between.
      snapshots = scope.channels.map((channel) => this.#frame('snapshot', trackId, channel, scope.eventId, served.snapshot(channel, scope.eventId)));
    } catch (err) {
      this.log.error('live snapshot failed, client closed', { client: client.id, track_id: trackId, remote, err: err instanceof Error ? err : String(err) });
      client.send(this.#errorFrame(trackId, client, { code: 'internal', message: 'the snapshot could not be built, see the server log', reconnect_after_ms: this.#settings.reconnectAfterMs }));
      client.close(CLOSE_INTERNAL, 'snapshot failed');
      return null;
    }
    this.#clients.set(client, served);
    served.clients.add(client);
    this.#open.add(client);
    void client.closed.then((code) => {
      this.#open.delete(client);
      this.#remove(client, code);
    });
    this.#heartbeat.start();
    for (const frame of snapshots) client.send(frame);
    this.log.debug('live client connected', () => ({ client: client.id, track_id: trackId, remote, channels: scope.channels.join(','), event_id: scope.eventId }));
    return client;
  }

  /** Counters over every track. */
  stats(): LiveHubStats {
    return { clients: this.#clients.size, ...this.#counters };
  }

  /** Closes every client of every track (1001), then the ws server. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * Checks the item now and fans it out with whatever else is published before the fan-out: on
   * the next turn of the event loop, or where the track has a fan-out gap (the box) once the gap
   * since the last one has passed. A decoder burst that moves one race a thousand times in that
   * window costs one serialization and one write per client of its latest state, not a thousand.
   */
  #publish(served: Served, item: LiveItem): void {
    if (this.#closing || this.#tracks.get(served.trackId) !== served) return;
    if (!LIVE_CHANNELS.includes(item.channel)) throw new ContractError(`live item channel ${JSON.stringify(item.channel)} must be one of ${LIVE_CHANNELS.join(', ')}`);
    if (item.event_id !== null) assertToken('event_id', item.event_id);
    const key = (served.supersede && item.keep !== true ? item.coalesce_key : undefined) ?? served.unkeyed++;
    if (served.batch.delete(key)) this.#counters.superseded += 1;
    served.batch.set(key, { item, publishedAtMs: performance.now(), tsUs: this.#settings.now() });
    served.flushing ??= this.#schedule(served);
  }

  /** The next turn, or once the track's gap since its last fan-out has passed. */
  #schedule(served: Served): () => void {
    const wait = served.lastFlushMs + served.gapMs - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.#flush(served));
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(() => this.#flush(served), wait);
    return () => clearTimeout(timer);
  }

  #flush(served: Served): void {
    served.flushing?.();
    served.flushing = null;
    served.lastFlushMs = performance.now();
    const batch = [...served.batch.values()];
    served.batch.clear();
    served.unkeyed = 0;
    if (this.#closing || this.#tracks.get(served.trackId) !== served) return;
    const corked = batch.length > 1 ? [...served.clients] : [];
    for (const client of corked) client.cork();
    try {
      for (const published of batch) this.#fanOut(served, published);
    } finally {
      for (const client of corked) client.uncork();
    }
  }

  #fanOut(served: Served, { item, publishedAtMs, tsUs }: Published): void {
    const { payload } = item;
    const frames = new Map<string | null, Frame>();
    const frameFor = (scope: string | null): Frame => {
      const key = typeof payload === 'function' ? scope : null;
      let frame = frames.get(key);
      if (!frame) {
        frame = { ...this.#frame('event', served.trackId, item.channel, item.event_id, typeof payload === 'function' ? payload(scope) : payload, tsUs), publishedAtMs };
        frames.set(key, frame);
      }
      return frame;
    };
    for (const client of served.clients) {
      if (!client.wants(item.channel, item.event_id)) continue;
      const lag = client.offer(frameFor(client.scope.eventId), item.coalesce_key);
      if (lag) this.#dropLagging(client, lag);
    }
  }

  #unserve(served: Served): void {
    if (this.#tracks.get(served.trackId) !== served) return;
    this.#tracks.delete(served.trackId);
    this.#dropBatch(served);
    const clients = served.clients.size;
    const message = `track_id ${JSON.stringify(served.trackId)} is no longer served here; reconnect to find it again`;
    for (const client of served.clients) {
      this.#forget(client);
      client.send(this.#errorFrame(served.trackId, client, { code: 'unknown_track', message, reconnect_after_ms: this.#settings.reconnectAfterMs }));
      client.close(CLOSE_GOING_AWAY, 'track no longer served');
    }
    this.log.info('live track no longer served, its clients closed', { track_id: served.trackId, clients });
  }

  /** Takes a client out of every set that feeds it; false when it was not fed. */
  #forget(client: LiveClient): boolean {
    this.#slow.delete(client);
    const served = this.#clients.get(client);
    if (!served) return false;
    this.#clients.delete(client);
    served.clients.delete(client);
    if (this.#clients.size === 0) this.#heartbeat.stop();
    return true;
  }

  #remove(client: LiveClient, code: number): void {
    if (this.#forget(client)) this.log.debug('live client closed', () => ({ client: client.id, code }));
  }

  #dropLagging(client: LiveClient, lag: Lag): void {
    const trackId = this.#clients.get(client)?.trackId;
    if (trackId === undefined || !this.#forget(client)) return;
    const { reconnectAfterMs } = this.#settings;
    client.send(this.#errorFrame(trackId, client, { code: 'lagging', message: 'this client fell behind the live feed; reconnect for a fresh snapshot', reconnect_after_ms: reconnectAfterMs }));
    client.close(CLOSE_LAGGING, 'lagging');
    this.#counters.lagging_closed += 1;
    this.log.warn('live client lagging, closed', { client: client.id, track_id: trackId, ...lag, reconnect_after_ms: reconnectAfterMs });
  }

  #pumpSlow(): void {
    for (const client of this.#slow) {
      const lag = client.pump();
      if (lag) this.#dropLagging(client, lag);
      else if (!client.slow) this.#slow.delete(client);
    }
    if (this.#slow.size === 0) this.#drainPoll.stop();
  }

  #dropBatch(served: Served): void {
    served.flushing?.();
    served.flushing = null;
    served.batch.clear();
  }

  #beat(): void {
    // A slow client has bytes in flight already; a heartbeat would only queue behind them.
    for (const [client, served] of this.#clients) {
      if (!client.slow) client.send(this.#frame('heartbeat', served.trackId, client.scope.channels[0], client.scope.eventId, {}));
    }
  }

  #frame(kind: Frame['kind'], trackId: string, channel: LiveChannel, eventId: string | null, payload: Record<string, unknown>, tsUs = this.#settings.now()): Frame {
    return buildFrame({ kind, channel, track_id: trackId, event_id: eventId, ts_us: tsUs, payload });
  }

  /** The error (and the heartbeat) belong to the connection, not to one channel: they carry the first one it asked for. */
  #errorFrame(trackId: string, client: LiveClient, payload: LiveErrorPayload): Frame {
    return this.#frame('error', trackId, client.scope.channels[0], client.scope.eventId, payload);
  }

  async #shutdown(): Promise<void> {
    this.#heartbeat.stop();
    this.#drainPoll.stop();
    const clients = [...this.#open];
    for (const client of this.#clients.keys()) client.close(CLOSE_GOING_AWAY, 'server shutting down');
    this.#clients.clear();
    for (const served of this.#tracks.values()) {
      served.clients.clear();
      this.#dropBatch(served);
    }
    this.#tracks.clear();
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
