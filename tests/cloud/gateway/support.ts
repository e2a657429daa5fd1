/** @module Gateway suites' tools: a nats-server, `mre cloud start` running the gateway role on a loopback port, live clients, and the consumers on the race events stream. */
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { STREAMS } from '../../../shared/contracts/subjects.ts';
import { startNatsServer, type NatsServer } from '../../harness/index.ts';
import { LiveTestClient } from '../../appliance/live/support.ts';
import { SMALL_STREAMS, TEST_SECRET } from '../ingest/support.ts';

export { LiveTestClient, refusedUpgrade, type Seen } from '../../appliance/live/support.ts';

export interface GatewayStack {
  nats: NatsServer;
  nc: NatsConnection;
  js: JetStreamClient;
  cloud: CloudService;
  url(query: string): string;
  /** Connects a live client; closed when the stack stops. */
  client(query: string): Promise<LiveTestClient>;
  /** Consumers on the race events stream now. */
  consumers(): Promise<number>;
  stop(): Promise<void>;
}

export function gatewayConfig(natsUrl: string, gateway: object = {}): CloudConfig {
  // No heartbeat noise unless a test asks: message counts stay exact.
  return cloudConfigSchema.parse({ roles: ['gateway'], nats_url: natsUrl, http: { host: '127.0.0.1', port: 0 }, streams: SMALL_STREAMS, ingest: { token_secret: TEST_SECRET }, gateway }) as CloudConfig;
}

export async function startGatewayStack(gateway: object = {}): Promise<GatewayStack> {
  const nats = await startNatsServer();
  const cloud = await startCloud(gatewayConfig(nats.url, gateway), { name: 'gateway-test' });
  const nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  const clients: LiveTestClient[] = [];
  const url = (query: string) => `${cloud.url.replace(/^http/, 'ws')}/ws/v1/live?${query}`;
  return {
    nats,
    nc,
    js: jetstream(nc),
    cloud,
    url,
    async client(query) {
      const c = await LiveTestClient.connect(url(query));
      clients.push(c);
      return c;
    },
    consumers: async () => (await jsm.streams.info(STREAMS.raceEvents)).state.consumer_count,
    async stop() {
      await Promise.all(clients.map((c) => c.close()));
      await cloud.stop();
      await nc.close();
      await nats.stop();
    },
  };
}
