/**
 * @module Drain after an outage: a real box (`mre appliance start`) whose log holds 200,000 envelopes
 * logged while the cloud was away, its sync backing off against a port nobody listens on; the cloud
 * (`mre cloud start --roles ingest`) then comes up on that port. Envelopes/s from the box's first
 * acknowledged batch to its sync lag reaching 0, read from the box's own `/api/status`.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { EnvelopeLog, type LogEntry } from '../../appliance/log/index.ts';
import { STREAMS } from '../../shared/contracts/subjects.ts';
import { freePort, makeTempDir, removeTempDir, startNatsServer } from '../harness/index.ts';
import { startBoxProcess, startCloudProcess, type BoxProcess, type CloudProcess } from '../support/cloud-e2e.ts';
import type { BenchEntry } from './bench-types.ts';

const BACKLOG = Number(process.env.MRE_BENCH_DRAIN_ENVELOPES ?? 200_000);
const TRACK = 'drain';
const CLIENT = 'box-1';
const MiB = 1024 * 1024;
/** A passing's raw frame as the decoder sent it (51 bytes), kept in every envelope. */
const RAW_HEX = '8e023300c922000001000104'.padEnd(102, '0');

/** Passings as the box's intake logs them, a race day's worth at 20 a second, written the way the log writes them. */
async function writeBacklog(dataDir: string): Promise<void> {
  const log = await EnvelopeLog.open({ dir: join(dataDir, 'log'), trackId: TRACK, clientId: CLIENT, sync: false, limits: { minFreeBytes: 0 } });
  const start = Date.now() * 1000 - BACKLOG * 50_000;
  try {
    for (let i = 0; i < BACKLOG; i += 1000) {
      const entries: LogEntry[] = [];
      for (let n = i + 1; n <= Math.min(BACKLOG, i + 1000); n++) {
        const at = start + n * 50_000;
        const record = { type: 'PASSING', tor: 1, version: 2, crc_ok: true, decoder_id: 268_307, passing_number: n, transponder: 3_400_000 + (n % 24), rtc_time_us: at, strength: 153, hits: 28, flags: 0 };
        entries.push({ message_type: 'PASSING', captured_at_us: at, payload: { record, raw_hex: RAW_HEX, received_at_us: at }, passing: { decoder_id: 268_307, passing_number: n } });
      }
      await log.append(entries);
    }
  } finally {
    await log.close();
  }
}

interface SyncStatus {
  state: string;
  lag_envelopes: number;
  drained_this_boot: number;
  requests_this_boot: number;
  ms_between_batches: number | null;
}

const syncOf = async (box: BoxProcess) => (await box.status()).sync as SyncStatus;

export const cloudDrainBench: BenchEntry = {
  name: `cloud drain after an outage, ${BACKLOG} envelopes from one box (envelopes/s)`,
  target: { value: 20_000, better: 'higher' },
  async run() {
    const nats = await startNatsServer();
    const dir = await makeTempDir('bench-cloud-drain');
    let box: BoxProcess | undefined;
    let cloud: CloudProcess | undefined;
    try {
      const dataDir = join(dir, 'box');
      await writeBacklog(dataDir);
      const cloudPort = await freePort();
      // No decoder: only the backlog is sent.
      box = await startBoxProcess({ dataDir, trackId: TRACK, clientId: CLIENT, cloudUrl: `http://127.0.0.1:${cloudPort}`, env: { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${await freePort()}` } });
      for (let s = await syncOf(box); s.state !== 'backing_off'; s = await syncOf(box)) await new Promise((r) => setTimeout(r, 100));

      cloud = await startCloudProcess({ natsUrl: nats.url, dir, name: 'cloud', roles: ['ingest'], config: { http: { host: '127.0.0.1', port: cloudPort }, streams: { ingest_raw: { max_bytes: 1024 * MiB } } } });
      const cloudUpAt = performance.now();
      let first: { at: number; drained: number } | undefined;
      let last: SyncStatus;
      for (;;) {
        last = await syncOf(box);
        const at = performance.now();
        if (!first && last.drained_this_boot > 0) first = { at, drained: last.drained_this_boot };
        if (last.lag_envelopes === 0) break;
        if (at - cloudUpAt > 600_000) throw new Error(`the box did not drain within 10 minutes: ${JSON.stringify(last)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const doneAt = performance.now();
      const metrics = await (await fetch(`${cloud.url}/metrics`)).text();
      const figure = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
      const cloudMsPerBatch = (figure('mre_ingest_latency_seconds_sum') / figure('mre_ingest_latency_seconds_count')) * 1000;
      const seconds = (doneAt - first!.at) / 1000;
      const nc = await connect({ servers: nats.url });
      const stored = (await (await jetstreamManager(nc)).streams.info(STREAMS.ingestRaw)).state.messages;
      await nc.close();
      if (stored < BACKLOG) throw new Error(`the cloud holds ${stored} envelopes of ${BACKLOG}`);
      return {
        value: Math.round((last.drained_this_boot - first!.drained) / seconds),
        unit: 'envelopes/s',
        detail: {
          backlog: BACKLOG,
          drained: last.drained_this_boot,
          requests: last.requests_this_boot,
          drain_s: Math.round(seconds * 100) / 100,
          cloud_up_to_first_batch_ms: Math.round(first!.at - cloudUpAt),
          cloud_up_to_lag_0_s: Math.round((doneAt - cloudUpAt) / 10) / 100,
          // Of each round trip, the part inside the cloud: the batch read, checked, published and acknowledged by JetStream.
          cloud_ms_per_batch: Math.round(cloudMsPerBatch * 10) / 10,
          // The rest of each round trip: the box, the HTTP client and server, loopback.
          box_and_http_ms_per_batch: Math.round(((500 * 1000) / ((last.drained_this_boot - first!.drained) / seconds) - cloudMsPerBatch) * 10) / 10,
          // Measured by the box: from an answer to its next request (what reading ahead and the unawaited cursor write leave).
          box_ms_between_batches: last.ms_between_batches ?? 'none',
          path: 'box sync loop (one request in flight, the next batch read meanwhile, batches of sync.batch_size 500, cursor fsynced per batch beside the next request) → POST /api/ingest/batch → JetStream, one nats-server',
        },
      };
    } finally {
      await box?.stop();
      await cloud?.stop();
      await nats.stop();
      await removeTempDir(dir);
    }
  },
};
