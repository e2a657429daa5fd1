/** @module The ingest suites' tools: a cloud config with small streams aimed at a test nats-server, the ingest role started on one, valid envelopes, batches sent over real HTTP, and the ingest stream's message count. */
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { CONTRACT_VERSION, type Envelope } from '../../../shared/contracts/envelope.ts';
import { INGEST_BATCH_PATH } from '../../../shared/contracts/ingest.ts';
import { STREAMS } from '../../../shared/contracts/subjects.ts';
import { ulid } from '../../../shared/ids/index.ts';
import { startNatsServer, type NatsServer } from '../../harness/index.ts';

export const TEST_SECRET = 'test-secret-of-at-least-32-bytes-for-hmac';
export const OTHER_SECRET = 'another-cloud-secret-32-bytes-or-longer!!';
export const TRACK = 'canberra';
export const CLIENT = 'box-1';
export const BOOT = '01J9ZQ8W6Y3V2K7T5R4M1N0P9A';

const MiB = 1024 * 1024;

/** Sizes a test server's disk can reserve; production defaults ask for tens of GiB. */
export const SMALL_STREAMS = {
  ingest_raw: { max_bytes: 64 * MiB },
  race_events: { max_bytes: 8 * MiB },
  race_snapshot: { max_bytes: 8 * MiB },
  dlq: { max_bytes: 8 * MiB },
  buckets: { read_models: { max_bytes: 8 * MiB }, dedupe: { max_bytes: 4 * MiB }, leases: { max_bytes: MiB }, revoked_tokens: { max_bytes: MiB }, race_state: { max_bytes: 8 * MiB } },
};

/** The raw config as a file would hold it: ingest only, loopback on a free port, small streams. */
export function rawIngestConfig(natsUrl: string, extra: { streams?: object; ingest?: object } = {}): Record<string, unknown> {
  return {
    roles: ['ingest'],
    nats_url: natsUrl,
    http: { host: '127.0.0.1', port: 0 },
    streams: { ...SMALL_STREAMS, ...extra.streams },
    ingest: { token_secret: TEST_SECRET, ...extra.ingest },
  };
}

export function ingestConfig(natsUrl: string, extra: { streams?: object; ingest?: object } = {}): CloudConfig {
  return cloudConfigSchema.parse(rawIngestConfig(natsUrl, extra)) as CloudConfig;
}

export function envelope(seq: number, overrides: Partial<Envelope> = {}): Envelope {
  return {
    id: ulid(),
    contract_version: CONTRACT_VERSION,
    track_id: TRACK,
    client_id: CLIENT,
    boot_id: BOOT,
    seq,
    captured_at_us: 1_795_000_000_000_000 + seq,
    message_type: 'PASSING',
    payload: { passing_number: seq, transponder: 3438895 },
    ...overrides,
  };
}

export const envelopes = (from: number, count: number, overrides: Partial<Envelope> = {}) => Array.from({ length: count }, (_, i) => envelope(from + i, overrides));

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POSTs a batch (an object, or text sent as is) to a cloud's ingest URL. */
export async function postBatch(baseUrl: string, token: string | undefined, body: unknown): Promise<Answer> {
  const response = await fetch(`${baseUrl}${INGEST_BATCH_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

export async function storedEnvelopes(nc: NatsConnection): Promise<number> {
  return (await (await jetstreamManager(nc)).streams.info(STREAMS.ingestRaw)).state.messages;
}

export interface IngestStack {
  nats: NatsServer;
  /** A connection of the test's own, for looking at the stream. */
  nc: NatsConnection;
  cloud: CloudService;
  stop(): Promise<void>;
}

/** A nats-server, a cloud running the ingest role on it, and a connection to look with. */
export async function startIngestStack(name: string, extra: { streams?: object; ingest?: object } = {}): Promise<IngestStack> {
  const nats = await startNatsServer();
  const cloud = await startCloud(ingestConfig(nats.url, extra), { name });
  const nc = await connect({ servers: nats.url });
  return {
    nats,
    nc,
    cloud,
    async stop() {
      await cloud.stop();
      await nc.close();
      await nats.stop();
    },
  };
}
