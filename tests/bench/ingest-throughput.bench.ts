/**
 * @module Cloud ingest throughput: envelopes/s through `POST /api/ingest/batch` (batches of 500,
 * four requests at once, token checked, every envelope validated, published and acknowledged)
 * against the floor of one client publishing the same envelopes straight to JetStream with
 * the same number in flight, on the same nats-server in the same run, two ways: the JetStream
 * client's own publish (a request per message) and plain publishes acknowledged through one reply
 * subscription (the ingest node's own way). The value is the ratio to the faster of the two.
 * The cloud runs as its own process (`mre cloud start --roles ingest`), as it does beside boxes
 * that are other machines: the benchmark's HTTP client does not share its event loop.
 */
import { performance } from 'node:perf_hooks';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckInbox } from '../../cloud/ingest/ack-inbox.ts';
import { issueToken } from '../../cloud/ingest/token.ts';
import { CONTRACT_VERSION, type Envelope } from '../../shared/contracts/envelope.ts';
import { idempotencyKey } from '../../shared/contracts/idempotency.ts';
import { INGEST_BATCH_PATH } from '../../shared/contracts/ingest.ts';
import { subjects } from '../../shared/contracts/subjects.ts';
import { ulid } from '../../shared/ids/index.ts';
import { makeTempDir, removeTempDir, startNatsServer } from '../harness/index.ts';
import { startCloudProcess } from '../support/cloud-e2e.ts';
import type { BenchEntry } from './bench-types.ts';

const COUNT = 60_000;
const BATCH = 500;
const CONCURRENT = 4;
const SECRET = 'bench-secret-of-at-least-thirty-two-bytes';
const MiB = 1024 * 1024;

/** Passings as a box logs them: the decoded record and its raw bytes. */
function passings(bootId: string): Envelope[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    id: ulid(),
    contract_version: CONTRACT_VERSION,
    track_id: 'bench',
    client_id: 'box',
    boot_id: bootId,
    seq: i + 1,
    captured_at_us: 1_795_000_000_000_000 + i * 1000,
    message_type: 'PASSING',
    payload: {
      record: { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 268307, passing_number: i + 1, transponder: 3438895, rtc_time_us: 1551548443067000 + i, strength: 153, hits: 28, flags: 0 },
      raw_hex: '8e023300c922000001000104'.padEnd(102, '0'),
    },
  }));
}

/** Runs `send` for each item, `limit` at a time; resolves with the elapsed seconds. */
async function timed<T>(items: readonly T[], limit: number, send: (item: T) => Promise<void>): Promise<number> {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < items.length) await send(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return (performance.now() - start) / 1000;
}

async function throughHttp(url: string, token: string, envelopes: Envelope[]): Promise<number> {
  // Bodies are made before the clock starts: the box serialises its batches, not the cloud.
  const bodies = Array.from({ length: COUNT / BATCH }, (_, b) => JSON.stringify({ envelopes: envelopes.slice(b * BATCH, (b + 1) * BATCH) }));
  const seconds = await timed(bodies, CONCURRENT, async (body) => {
    const response = await fetch(`${url}${INGEST_BATCH_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    const answer = (await response.json()) as { accepted?: number; error?: string };
    if (response.status !== 200 || answer.accepted !== BATCH) throw new Error(`batch not taken whole: ${response.status} ${JSON.stringify(answer)}`);
  });
  return COUNT / seconds;
}

const stored = (envelopes: Envelope[]) =>
  envelopes.map((e) => {
    const key = idempotencyKey(e);
    // Both spellings: the JetStream client's publish options and the ingest node's inbox take one each.
    return { subject: subjects.ingestRaw(e.track_id), data: JSON.stringify({ ...e, ingested_at_us: Date.now() * 1000 }), msgID: key, msgId: key };
  });

async function straightToJetStream(js: JetStreamClient, envelopes: Envelope[]): Promise<number> {
  const messages = stored(envelopes);
  // As many publishes in flight as the HTTP run has envelopes in flight.
  const seconds = await timed(messages, CONCURRENT * BATCH, async (m) => {
    const ack = await js.publish(m.subject, m.data, { msgID: m.msgID, timeout: 10_000 });
    if (ack.duplicate) throw new Error(`${m.msgID} was already stored`);
  });
  return COUNT / seconds;
}

async function straightThroughOneInbox(nc: NatsConnection, envelopes: Envelope[]): Promise<number> {
  const messages = stored(envelopes);
  const inbox = new AckInbox(nc);
  const batches = Array.from({ length: COUNT / BATCH }, (_, b) => messages.slice(b * BATCH, (b + 1) * BATCH));
  const seconds = await timed(batches, CONCURRENT, async (batch) => {
    const answers = await inbox.publishAll(batch, 10_000);
    if (!answers || answers.some((a) => !a.ok || a.duplicate)) throw new Error('a straight batch was not stored whole');
  });
  return COUNT / seconds;
}

async function warmUp(url: string, token: string): Promise<void> {
  const body = JSON.stringify({ envelopes: passings(ulid()).slice(0, BATCH) });
  const response = await fetch(`${url}${INGEST_BATCH_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  if (response.status !== 200) throw new Error(`warm-up batch refused: ${response.status} ${await response.text()}`);
}

export const ingestThroughputBench: BenchEntry = {
  name: 'cloud ingest POST /api/ingest/batch vs straight JetStream publish (ratio)',
  target: { value: 0.5, better: 'higher' },
  async run() {
    const nats = await startNatsServer();
    const dir = await makeTempDir('bench-ingest');
    const cloud = await startCloudProcess({ natsUrl: nats.url, dir, name: 'bench-ingest', roles: ['ingest'], config: { streams: { ingest_raw: { max_bytes: 512 * MiB } }, ingest: { token_secret: SECRET } } });
    const nc = await connect({ servers: nats.url });
    try {
      const token = issueToken(Buffer.from(SECRET), { track_id: 'bench', client_id: 'box' }).token;
      // One batch through HTTP first: the route, the connection to it and the stream are warm before either run is timed.
      await warmUp(cloud.url, token);
      const client = await straightToJetStream(jetstream(nc), passings(ulid()));
      const inbox = await straightThroughOneInbox(nc, passings(ulid()));
      const viaHttp = passings(ulid());
      const http = await throughHttp(cloud.url, token, viaHttp);
      const direct = Math.max(client, inbox);
      return {
        value: Math.round((http / direct) * 100) / 100,
        unit: '× direct',
        detail: {
          http_envelopes_per_s: Math.round(http),
          direct_js_publish_per_s: Math.round(client),
          direct_one_reply_inbox_per_s: Math.round(inbox),
          ratio_to_js_publish: Math.round((http / client) * 100) / 100,
          envelopes: COUNT,
          batch: BATCH,
          concurrent_requests: CONCURRENT,
          envelope_bytes: JSON.stringify(viaHttp[0]).length,
        },
      };
    } finally {
      await nc.close();
      await cloud.stop();
      await nats.stop();
      await removeTempDir(dir);
    }
  },
};
