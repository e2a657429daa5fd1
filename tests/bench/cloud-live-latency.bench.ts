/**
 * @module Capture → cloud viewer latency: three tracks, each with 100 passings a second in a running
 * heat, posted to the ingest API as a box's sync loop posts them, through the race worker and the live
 * gateway to one WebSocket viewer per track. Latency = the viewer's receipt − `captured_at_us` of the
 * passing that caused the event, p50/p95/p99 over every event after a warm-up.
 *
 * Envelopes go through the ingest API rather than from three real boxes: three box processes, each
 * with its decoder simulator and engine at 100 passings a second, plus the cloud and NATS, are more
 * than the 2-core development machine runs without measuring its own contention; the path from the
 * ingest API on is the same, and each envelope carries the true moment it was made.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { makeTempDir, removeTempDir, startNatsServer } from '../harness/index.ts';
import { boxToken, startCloudProcess, type CloudProcess } from '../support/cloud-e2e.ts';
import type { BenchEntry } from './bench-types.ts';
import { BoxSender } from './box-sender.ts';
import { LiveTrackLog, nowUs, sourceEnvelopeId } from './live-track-log.ts';

const TRACKS = ['lat-a', 'lat-b', 'lat-c'];
const RATE = Number(process.env.MRE_BENCH_LATENCY_RATE ?? 100);
const WARM_UP_S = 5;
const MEASURE_S = 20;

const round = (v: number) => Math.round(v * 100) / 100;
/** CPU seconds (user + system) a process has used so far. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Viewer {
  socket: WebSocket;
  /** Receipt time (µs) per derived event id. */
  arrivals: Map<string, number>;
}

function viewer(gatewayUrl: string, trackId: string): Promise<Viewer> {
  const arrivals = new Map<string, number>();
  const socket = new WebSocket(`${gatewayUrl.replace(/^http/, 'ws')}/ws/v1/live?track_id=${trackId}&channels=race`);
  socket.on('message', (data: Buffer) => {
    const at = nowUs();
    const message = JSON.parse(data.toString('utf8')) as { kind: string; payload?: { id?: string } };
    if (message.kind === 'event' && message.payload?.id) arrivals.set(message.payload.id, at);
  });
  return new Promise((resolve, reject) => {
    socket.once('message', () => resolve({ socket, arrivals }));
    socket.once('error', reject);
  });
}

/** Passings at RATE a second on every track until `untilMs`; captured time per envelope id, for those made at or after `fromMs`. */
async function drive(logs: LiveTrackLog[], senders: BoxSender[], fromMs: number, untilMs: number): Promise<Map<string, number>> {
  const measured = new Map<string, number>();
  const start = performance.now();
  let made = 0;
  while (performance.now() < untilMs) {
    // Steady: as many passings as are due by now, whatever the last tick cost.
    const due = Math.floor(((performance.now() - start) / 1000) * RATE);
    for (; made < due; made++) {
      for (const [i, log] of logs.entries()) {
        const envelope = log.passing();
        if (performance.now() >= fromMs) measured.set(envelope.id, envelope.captured_at_us);
        senders[i]!.send(envelope);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return measured;
}

export const cloudLiveLatencyBench: BenchEntry = {
  name: `cloud live latency, capture to viewer, 3 tracks × ${RATE} passings/s (ms, p95)`,
  target: { value: 100, better: 'lower' },
  async run() {
    const nats = await startNatsServer();
    const dir = await makeTempDir('bench-cloud-latency');
    const clouds: CloudProcess[] = [];
    const viewers: Viewer[] = [];
    try {
      clouds.push(await startCloudProcess({ natsUrl: nats.url, dir, name: 'front', roles: ['ingest', 'gateway'] }));
      // Each role a process, as a cloud that has outgrown one runs them: at this rate the projection
      // rewrites each race's lap detail on every lap, and in the race role's process that costs it its tail.
      clouds.push(await startCloudProcess({ natsUrl: nats.url, dir, name: 'race', roles: ['race'] }));
      clouds.push(await startCloudProcess({ natsUrl: nats.url, dir, name: 'projection', roles: ['projection'] }));
      const front = clouds[0]!;
      const logs = TRACKS.map((t) => new LiveTrackLog(t, 'box'));
      const senders = TRACKS.map((t) => new BoxSender(front.url, boxToken(t, 'box')));
      for (const [i, log] of logs.entries()) senders[i]!.send(...log.raceStart());
      for (const track of TRACKS) viewers.push(await viewer(front.url, track));

      const pids = [...clouds.map((c) => c.child.child.pid!), nats.pid];
      const fromMs = performance.now() + WARM_UP_S * 1000;
      const cpuBefore = pids.map(cpuSeconds);
      const measured = await drive(logs, senders, fromMs, fromMs + MEASURE_S * 1000);
      await Promise.all(senders.map((s) => s.stop()));
      const cpuShare = pids.map((pid, i) => round((cpuSeconds(pid) - cpuBefore[i]!) / (MEASURE_S + WARM_UP_S)));
      // The tail: whatever is still on its way gets a few seconds.
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      const delays: number[] = [];
      let events = 0;
      const reached = new Set<string>();
      for (const v of viewers) {
        for (const [eventId, at] of v.arrivals) {
          const source = sourceEnvelopeId(eventId);
          const captured = measured.get(source);
          if (captured === undefined) continue;
          events++;
          reached.add(source);
          delays.push((at - captured) / 1000);
        }
      }
      const sorted = Float64Array.from(delays).sort();
      const acks = Float64Array.from(senders.flatMap((s) => s.ackDelaysUs.map((us) => us / 1000))).sort();
      const health = (await (await fetch(`${front.url}/healthz`)).json()) as { gateway?: Record<string, number> };
      return {
        value: round(percentile(sorted, 95)),
        unit: 'ms',
        detail: {
          tracks: TRACKS.length,
          passings_per_s_per_track: RATE,
          passings_measured: measured.size,
          passings_without_event: measured.size - reached.size,
          events_measured: events,
          p50_ms: round(percentile(sorted, 50)),
          p95_ms: round(percentile(sorted, 95)),
          p99_ms: round(percentile(sorted, 99)),
          max_ms: round(sorted.at(-1) ?? NaN),
          capture_to_ingest_ack_p95_ms: round(percentile(acks, 95)),
          coalesced: health.gateway?.coalesced ?? 0,
          cpu_cores_ingest_gateway: cpuShare[0]!,
          cpu_cores_race: cpuShare[1]!,
          cpu_cores_projection: cpuShare[2]!,
          cpu_cores_nats: cpuShare[3]!,
          load_average_1m: round(loadavg()[0]!),
          source: 'envelopes posted to POST /api/ingest/batch as a box sync loop does (one request in flight per track), captured_at_us = the moment each was made',
          path: 'processes: ingest+gateway, race, projection; one nats-server; latency matched through the derived event id (envelope id + index): the live message carries no capture time',
        },
      };
    } finally {
      for (const v of viewers) v.socket.terminate();
      for (const cloud of clouds) await cloud.stop();
      await nats.stop();
      await removeTempDir(dir);
    }
  },
};
