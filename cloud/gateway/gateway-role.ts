/**
 * @module The live gateway role as `mre cloud start` runs it: its own NATS connection, the live hub
 * (shared/live, the box's), the track feeds, the viewer door for private tracks (the token secret and
 * the revoked-token watch, only when a track is private), and `/ws/v1/live` on the cloud's app. The
 * HTTP server must be started with `websocket: { server: role.hub.wss }`.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Env, Hono } from 'hono';
import { LiveHub, type LiveHubStats } from '../../shared/live/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { fanoutObserver, watchLiveHub, type MetricsRegistry } from '../../shared/metrics/index.ts';
import type { IngestConfig, StreamsConfig } from '../ingest/config.ts';
import { watchConnection } from '../ingest/connection-state.ts';
import { makeMissingStreams } from '../ingest/make-missing.ts';
import { RevocationList } from '../ingest/revocations.ts';
import { resolveTokenSecret } from '../ingest/token-secret.ts';
import { closeNats, connectNats } from '../service/nats-connection.ts';
import type { GatewayConfig } from './config.ts';
import { ConnectLimiter } from './connect-limiter.ts';
import { TrackFeeds } from './feeds.ts';
import { mountGateway, type GatewayDoors } from './gateway-route.ts';
import { ViewerDoor } from './viewer-door.ts';

const log = createLogger('cloud:gateway');

export interface GatewayHealth extends LiveHubStats {
  nats: boolean;
  tracks: number;
  /** Stored in the events stream → handed to the hub, for the last event fanned out (ms); null before the first. The hub's own part, to each socket, is `mre_live_fanout_delay_seconds`. */
  stream_to_hub_ms: number | null;
}

export interface GatewayRole {
  nc: NatsConnection;
  hub: LiveHub;
  feeds: TrackFeeds;
  /** Puts `/ws/v1/live` on the cloud's app. */
  mount<E extends Env>(app: Hono<E>): void;
  health(): GatewayHealth;
  close(): Promise<void>;
}

export interface GatewayRoleConfig {
  nats_url: string;
  streams: StreamsConfig;
  ingest: Pick<IngestConfig, 'token_secret' | 'token_secret_file'>;
  gateway: GatewayConfig;
}

export async function startGatewayRole(config: GatewayRoleConfig, name = 'mre-cloud-gateway', metrics?: MetricsRegistry): Promise<GatewayRole> {
  const { gateway } = config;
  // A private track without a secret is wrong configuration: said before anything connects.
  const secret = gateway.private_tracks.length > 0 ? resolveTokenSecret(config.ingest) : null;
  const nc = await connectNats(config.nats_url, name);
  let revocations: RevocationList | null = null;
  try {
    await makeMissingStreams(nc, config, log);
    if (secret) revocations = await RevocationList.open(nc);
    const hub = new LiveHub({ log, maxTracks: gateway.max_tracks, unknownTrack: (id) => `track_id ${JSON.stringify(id)} is not fed by this gateway now; reconnect`, ...(metrics ? { onFanout: fanoutObserver(metrics) } : {}) });
    if (metrics) watchLiveHub(metrics, () => hub.stats());
    let streamToHubMs: number | null = null;
    const feeds = new TrackFeeds(
      {
        js: jetstream(nc),
        jsm: await jetstreamManager(nc),
        hub,
        log,
        handoverMarginMs: gateway.handover_margin_ms,
        readyTimeoutMs: gateway.ready_timeout_ms,
        maxEventsPerTrack: gateway.max_events_per_track,
        onStreamToHub: (ms) => (streamToHubMs = Math.max(0, ms)),
      },
      gateway.max_tracks,
    );
    const door = new ViewerDoor({ secret, privateTracks: gateway.private_tracks, maxAgeDays: gateway.viewer_token_max_age_days, revocations });
    const limiter = new ConnectLimiter(gateway.connect_burst, gateway.connects_per_minute);
    const connection = watchConnection(nc);
    let doors: GatewayDoors | null = null;
    log.info('live gateway started', { private_tracks: gateway.private_tracks.length, max_clients: gateway.max_clients, max_tracks: gateway.max_tracks });
    return {
      nc,
      hub,
      feeds,
      mount(app) {
        doors = mountGateway(app, { hub, feeds, door, limiter, maxClients: gateway.max_clients, trustProxy: gateway.trust_proxy, log });
      },
      health: () => ({ nats: connection.up, tracks: feeds.size, stream_to_hub_ms: streamToHubMs, ...hub.stats() }),
      async close() {
        // Clients are told the server is going away (1001) before their tracks' consumers go.
        await hub.close();
        await feeds.close();
        doors?.stop();
        revocations?.close();
        await closeNats(nc);
      },
    };
  } catch (error) {
    revocations?.close();
    await nc.close();
    throw error;
  }
}
