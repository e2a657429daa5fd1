/**
 * @module The box under a decoder flood, as real processes: 200,000 passings at full speed, with no
 * live clients and with 300, the API probed throughout, then SIGTERM at the peak. Reports peak RSS,
 * the ingest rate, each probe's p99, and how long the stop took.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../harness/index.ts';
import { percentile, probeApi } from '../support/flood/api-probe.ts';
import { BURST_TRANSPONDERS, startBurstDecoder, startFloodBox, startFloodClients, stopAll } from '../support/flood/flood-box.ts';
import { sampleRss } from '../support/flood/process-sampler.ts';
import type { BenchEntry, BenchResult } from './bench-types.ts';

const PASSINGS = 200_000;
const MIB = 1024 * 1024;
const EVENT = { event_id: 'flood-bench', name: 'Flood bench', classes: [], riders: BURST_TRANSPONDERS.map((t, i) => ({ rider_id: `r${i + 1}`, name: `Rider ${i + 1}`, transponders: [t] })) };

const round = (v: number, places = 1) => Math.round(v * 10 ** places) / 10 ** places;

async function flood(clients: number): Promise<Record<string, number>> {
  const dir = await makeTempDir('mre-bench-flood');
  const decoder = await startBurstDecoder(dir, PASSINGS);
  const box = await startFloodBox(join(dir, 'data'), decoder.port);
  const readers = clients > 0 ? await startFloodClients(box.url, clients) : undefined;
  try {
    const rss = sampleRss(box.pid);
    const probe = probeApi(box.url, { name: 'event.setup', body: EVENT });
    const started = performance.now();
    let logged = 0;
    // The peak: most of the flood in, the decoder still sending.
    while (logged < PASSINGS * 0.75) {
      await new Promise((r) => setTimeout(r, 250));
      logged = ((await (await fetch(`${box.url}/api/status`)).json()) as { intake: { passings_this_boot: number } }).intake.passings_this_boot;
    }
    const seconds = (performance.now() - started) / 1000;
    await probe.stop();
    const termAt = performance.now();
    box.tracked.child.kill('SIGTERM');
    const exit = await box.tracked.exited;
    const stopMs = performance.now() - termAt;
    rss.stop();
    if (exit.code !== 0) throw new Error(`box exited with ${JSON.stringify(exit)} on SIGTERM`);
    const ms = (path: string) => probe.results.filter((r) => r.path.startsWith(path)).map((r) => r.ms);
    const failed = probe.results.filter((r) => r.status !== 200).length;
    return {
      peak_rss_mib: round(rss.peak / MIB),
      passings_per_s: Math.round(logged / seconds),
      healthz_p99_ms: round(percentile(ms('/healthz'), 99)),
      status_p99_ms: round(percentile(ms('/api/status'), 99)),
      intent_p99_ms: round(percentile(ms('/api/control'), 99)),
      probes: probe.results.length,
      probes_failed: failed,
      sigterm_exit_ms: Math.round(stopMs),
    };
  } finally {
    await stopAll(box.tracked, decoder.tracked, readers?.tracked);
    await removeTempDir(dir);
  }
}

/**
 * The restart of item "kill -9 at the peak": a box killed three quarters into the flood comes
 * back with RESEND on and asks the decoder for everything after what it logged, while the
 * decoder still sends the rest. Reports the restarted process's peak RSS.
 */
async function resendAfterKill(): Promise<BenchResult> {
  const dir = await makeTempDir('mre-bench-resend');
  const decoder = await startBurstDecoder(dir, PASSINGS);
  const env = { MRE_DECODER_RESEND: 'true' };
  const statusOf = async (url: string) => ((await (await fetch(`${url}/api/status`)).json()) as { intake: { passings_this_boot: number } }).intake.passings_this_boot;
  let box = await startFloodBox(join(dir, 'data'), decoder.port, env);
  try {
    while ((await statusOf(box.url)) < PASSINGS * 0.5) await new Promise((r) => setTimeout(r, 250));
    box.tracked.child.kill('SIGKILL');
    await box.tracked.exited;
    box = await startFloodBox(join(dir, 'data'), decoder.port, env);
    const rss = sampleRss(box.pid);
    const started = performance.now();
    let settled = -1;
    let logged = 0;
    // Until nothing more arrives: the resent range and the rest of the flood are both in.
    while (logged !== settled) {
      settled = logged;
      await new Promise((r) => setTimeout(r, 1000));
      logged = await statusOf(box.url);
    }
    rss.stop();
    return { value: round(rss.peak / MIB), unit: 'MiB', detail: { passings_this_boot: logged, seconds: round((performance.now() - started) / 1000), passings: PASSINGS, killed_at: PASSINGS * 0.5 } };
  } finally {
    await stopAll(box.tracked, decoder.tracked);
    await removeTempDir(dir);
  }
}

/** One flood per client count, shared by the entries that report on it. */
const floods = new Map<number, Promise<Record<string, number>>>();
const measured = (clients: number) => {
  if (!floods.has(clients)) floods.set(clients, flood(clients));
  return floods.get(clients)!;
};

async function peakRss(clients: number): Promise<BenchResult> {
  const figures = await measured(clients);
  return { value: figures.peak_rss_mib!, unit: 'MiB', detail: { ...figures, passings: PASSINGS, clients, box: 'mre appliance start, its own process' } };
}

async function worstP99(clients: number): Promise<BenchResult> {
  const f = await measured(clients);
  return { value: Math.max(f.healthz_p99_ms!, f.status_p99_ms!, f.intent_p99_ms!), unit: 'ms', detail: { healthz_p99_ms: f.healthz_p99_ms!, status_p99_ms: f.status_p99_ms!, intent_p99_ms: f.intent_p99_ms!, probes: f.probes!, probes_failed: f.probes_failed!, passings_per_s: f.passings_per_s! } };
}

export const FLOOD_BENCHES: readonly BenchEntry[] = [
  { name: 'flood, 200,000 passings, no live clients: peak RSS (MiB)', target: { value: 200, better: 'lower' }, run: () => peakRss(0) },
  { name: 'flood, 200,000 passings, 300 live clients: peak RSS (MiB)', target: { value: 200, better: 'lower' }, run: () => peakRss(300) },
  { name: 'flood, 300 live clients: worst p99 of /healthz, /api/status, an intent (ms)', target: { value: 200, better: 'lower' }, run: () => worstP99(300) },
  { name: 'flood, kill -9 halfway, restart answering RESEND: peak RSS (MiB)', target: { value: 200, better: 'lower' }, run: resendAfterKill },
];
