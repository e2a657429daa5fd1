/** @module The sync suites' tools: a box log named for the test cloud's track and client, a box token, the ingest stream read back with each message's Nats-Msg-Id, and journal lines captured. */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EnvelopeLog, type LogEntry } from '../../../appliance/log/index.ts';
import { SyncLoop, type SyncLoopOptions } from '../../../appliance/sync/index.ts';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { idempotencyKey, type Envelope } from '../../../shared/contracts/index.ts';
import { STREAMS } from '../../../shared/contracts/subjects.ts';
import { configureLogging } from '../../../shared/log/index.ts';
import { tempLevelDir } from '../../harness/index.ts';
import { startCloud, type CloudService } from '../../../cloud/service/cloud-service.ts';
import { cloudConfigSchema, type CloudConfig } from '../../../cloud/service/config.ts';
import { CLIENT, rawIngestConfig, TEST_SECRET, TRACK } from '../../cloud/ingest/support.ts';

export { CLIENT, TRACK, startIngestStack, type IngestStack } from '../../cloud/ingest/support.ts';

type Defer = (fn: () => unknown) => void;

export function boxToken(): { token: string; jti: string } {
  const { token, claims } = issueToken(Buffer.from(TEST_SECRET), { track_id: TRACK, client_id: CLIENT });
  return { token, jti: claims.jti };
}

/** The ingest role on a chosen loopback port, so a box keeps its URL across the cloud's restarts. */
export function startCloudOn(natsUrl: string, port: number): Promise<CloudService> {
  const config = cloudConfigSchema.parse({ ...rawIngestConfig(natsUrl), http: { host: '127.0.0.1', port } }) as CloudConfig;
  return startCloud(config, { name: `sync-test-${port}` });
}

/** What the cloud was sent so far: envelopes stored plus those it already held. */
export function envelopesReceived(cloud: CloudService): { accepted: number; duplicate: number } {
  const { accepted, duplicate } = cloud.ingest!.health();
  return { accepted, duplicate };
}

/** A passing as the intake logs it; `capturedAtUs` defaults to now. */
export const passingEntry = (n: number, capturedAtUs = Date.now() * 1000): LogEntry => ({
  message_type: 'PASSING',
  captured_at_us: capturedAtUs,
  payload: { record: { type: 'PASSING', decoder_id: 7, passing_number: n, transponder: 1_000_000 + n }, raw_hex: '8e' },
  passing: { decoder_id: 7, passing_number: n },
});

export const passingEntries = (from: number, count: number, capturedAtUs?: number) => Array.from({ length: count }, (_, i) => passingEntry(from + i, capturedAtUs));

export interface BoxDir {
  path: string;
  open(): Promise<EnvelopeLog>;
}

/** A log directory for the test's box; each `open()` is a new boot, closed after the test if still open. */
export async function boxDir(defer: Defer): Promise<BoxDir> {
  const dir = await tempLevelDir('mre-sync-');
  defer(dir.cleanup);
  return {
    path: dir.path,
    async open() {
      const log = await EnvelopeLog.open({ dir: dir.path, trackId: TRACK, clientId: CLIENT, limits: { minFreeBytes: 0 } });
      defer(async () => {
        if (log.db.status === 'open') await log.close();
      });
      return log;
    },
  };
}

/** A sync loop over `log` to `url`, stopped after the test. */
export function startLoop(defer: Defer, log: EnvelopeLog, url: string, token: string, extra: Partial<SyncLoopOptions> = {}): SyncLoop {
  const loop = new SyncLoop({ log, url, token, batchSize: 500, timeoutMs: 5_000, ...extra });
  loop.start();
  defer(() => loop.stop());
  return loop;
}

export interface StreamMessage {
  msgId: string;
  envelope: Envelope;
}

/** Every message of the ingest stream, in stream order, with its Nats-Msg-Id. */
export async function streamMessages(nc: NatsConnection): Promise<StreamMessage[]> {
  const jsm = await jetstreamManager(nc);
  const { first_seq, last_seq, messages } = (await jsm.streams.info(STREAMS.ingestRaw)).state;
  const out: StreamMessage[] = [];
  if (messages === 0) return out;
  for (let seq = first_seq; seq <= last_seq; seq++) {
    const message = await jsm.streams.getMessage(STREAMS.ingestRaw, { seq });
    if (message) out.push({ msgId: message.header.get('Nats-Msg-Id'), envelope: message.json<Envelope>() });
  }
  return out;
}

/** The keys the stream must hold for these envelopes, once each and in this order. */
export const keysOf = (envelopes: readonly Envelope[]) => envelopes.map((e) => idempotencyKey(e));

/** Journal lines written while the test runs (the sync's namespace only). */
export function captureJournal(defer: Defer): string[] {
  const lines: string[] = [];
  const previous = configureLogging({ write: (line) => lines.push(line) });
  defer(() => configureLogging(previous));
  return lines;
}

export const syncLines = (lines: readonly string[], level: '<3>' | '<4>' | '<6>') => lines.filter((l) => l.startsWith(`${level}appliance:sync:`));
