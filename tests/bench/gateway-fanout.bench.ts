/**
 * @module Cloud live fan-out: one gateway process (`mre cloud start --roles gateway`) with N WebSocket
 * clients (another process) over three tracks, race events of real club days published to JetStream at
 * a steady rate as the race workers publish them; the delay from publish to each client's receipt
 * (p50/p95/p99 over every client and event) and the gateway's RSS. `MRE_BENCH_FANOUT_CLIENTS` sets N.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { subjects } from '../../shared/contracts/subjects.ts';
import { makeTempDir, removeTempDir, startNatsServer, terminate, trackChild, waitFor } from '../harness/index.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import { clubDayOn, raceEventHeaders, TrackStream } from '../support/race-stream.ts';
import type { BenchEntry } from './bench-types.ts';

const CLIENTS = Number(process.env.MRE_BENCH_FANOUT_CLIENTS ?? 10_000);
const TRACKS = ['fan-a', 'fan-b', 'fan-c'];
/** Events per second over the three tracks (`MRE_BENCH_FANOUT_RATE`): three busy race days give a few each. */
const RATE = Number(process.env.MRE_BENCH_FANOUT_RATE ?? 6);
const EVENTS = 300;
const MiB = 1024 * 1024;

const round = (v: number) => Math.round(v * 100) / 100;
const rssMiB = (pid: number, field: 'VmRSS' | 'VmHWM') => round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024);

/** Envelopes of each club day published before the clients connect, so every client starts from a real snapshot. */
const BEFORE = 40;

/** The events each track's race worker would publish next, with what the headers need. */
function upcoming(streams: TrackStream[]) {
  return streams.map((stream) =>
    stream.envelopes.slice(BEFORE).flatMap((envelope) =>
      stream.engine.apply(envelope).map((event) => {
        const body = JSON.stringify(event);
        return { trackId: stream.trackId, envelope, body, event: JSON.parse(body) as typeof event };
      }),
    ),
  );
}

export const gatewayFanoutBench: BenchEntry = {
  name: `cloud live fan-out, ${CLIENTS} WebSocket clients on one gateway over 3 tracks (ms, p95)`,
  target: { value: 250, better: 'lower' },
  async run() {
    const nats = await startNatsServer();
    const dir = await makeTempDir('bench-fanout');
    const config = join(dir, 'cloud.json');
    const streams = { ingest_raw: { max_bytes: 8 * MiB }, race_events: { max_bytes: 64 * MiB }, race_snapshot: { max_bytes: 16 * MiB }, dlq: { max_bytes: 8 * MiB }, buckets: { read_models: { max_bytes: 8 * MiB }, dedupe: { max_bytes: 4 * MiB }, leases: { max_bytes: MiB }, revoked_tokens: { max_bytes: MiB }, race_state: { max_bytes: 8 * MiB } } };
    writeFileSync(config, JSON.stringify({ nats_url: nats.url, http: { host: '127.0.0.1', port: 0 }, streams, gateway: { max_clients: CLIENTS + 100, connect_burst: CLIENTS + 100, connects_per_minute: 1_000_000 } }));
    const gateway = trackChild(spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'cloud', 'start', '--roles', 'gateway', '--config', config], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
    const nc = await connect({ servers: nats.url });
    try {
      const base = await waitFor('the gateway banner', () => /gateway: +WS (ws:\/\/[^/\s]+)\/ws\/v1\/live/.exec(gateway.output())?.[1], 60_000);
      const js = jetstream(nc);
      const streams = TRACKS.map((trackId, i) => new TrackStream(js, trackId, clubDayOn(trackId, 11 + i, 60)));
      for (const stream of streams) await stream.publishBatch(BEFORE);
      const rssIdle = rssMiB(gateway.child.pid!, 'VmRSS');

      const clients = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./gateway-clients.ts', import.meta.url)), base, String(CLIENTS), TRACKS.join(',')], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: clients.stdout! })[Symbol.asyncIterator]();
      const ready = String((await lines.next()).value ?? '');
      if (!ready.startsWith('ready')) throw new Error(`the clients did not connect: ${ready}`);
      const rssConnected = rssMiB(gateway.child.pid!, 'VmRSS');

      const queues = upcoming(streams);
      const sent: Record<string, { at: number; track: string }> = {};
      const start = performance.now();
      for (let n = 0; n < EVENTS; n++) {
        const next = queues[n % queues.length]!.shift();
        if (!next) break;
        // Steady: the n-th event goes out at n / RATE seconds, however long the last publish took.
        const due = start + (n * 1000) / RATE - performance.now();
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        sent[next.event.id] = { at: performance.timeOrigin + performance.now(), track: next.trackId };
        await js.publish(subjects.raceEvents(next.trackId), next.body, { headers: raceEventHeaders(next.trackId, next.event, next.envelope) });
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const rssPeak = rssMiB(gateway.child.pid!, 'VmHWM');
      const hub = ((await (await fetch(`${base.replace(/^ws/, 'http')}/healthz`)).json()) as { gateway: Record<string, number> }).gateway;
      clients.stdin!.write(`report\n${JSON.stringify(sent)}\n`);
      const result = JSON.parse(String((await lines.next()).value)) as { deliveries: number; missing: number; p50: number; p95: number; p99: number; max: number };
      return {
        value: round(result.p95),
        unit: 'ms',
        detail: {
          clients: CLIENTS,
          tracks: TRACKS.length,
          events: Object.keys(sent).length,
          events_per_s: RATE,
          deliveries: result.deliveries,
          missing: result.missing,
          p50_ms: round(result.p50),
          p95_ms: round(result.p95),
          p99_ms: round(result.p99),
          max_ms: round(result.max),
          connect_all_ms: Number(ready.split(' ')[1]),
          lagging_closed: hub.lagging_closed ?? 0,
          coalesced: hub.coalesced ?? 0,
          gateway_rss_idle_mib: rssIdle,
          gateway_rss_connected_mib: rssConnected,
          gateway_rss_peak_mib: rssPeak,
          path: 'JetStream publish → ordered consumer per track → live hub → WebSocket (clients in a second process)',
        },
      };
    } finally {
      await terminate(gateway, 'SIGTERM');
      await nc.close();
      await nats.stop();
      await removeTempDir(dir);
    }
  },
};
