/**
 * @module The flood rig: a burst decoder (`mre simulate --scenario burst`) and the real box
 * (`mre appliance start`) as separate processes, many live clients in a third, and probes of the
 * box's API while it ingests. The flood test and the flood benchmark both drive it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort, terminate, trackChild, waitForReady, type TrackedChild } from '../../harness/index.ts';
import { REPO_ROOT } from '../shared-fixtures.ts';

const MRE = join(REPO_ROOT, 'bin', 'mre.mjs');
export const FLOOD_PIN = '24681357';
/** The burst scenario's transponders (appliance/simulator/scenarios/burst.ts): 10, round-robin. */
export const BURST_TRANSPONDERS = Array.from({ length: 10 }, (_, i) => 3_000_001 + i * 1_111);

export interface FloodDecoder {
  port: number;
  tracked: TrackedChild;
}

/** A decoder that sends `count` passings as fast as the box reads them and keeps them for RESEND; with `waitForHost`, none before the box connects (else those go to no one). */
export async function startBurstDecoder(dir: string, count: number, options: { waitForHost?: boolean } = {}): Promise<FloodDecoder> {
  const port = await freePort();
  // It holds every passing for RESEND, as a real decoder holds a whole day: a box stopped twice
  // mid-flood asks again for what the first stop lost after tens of thousands more were sent.
  const args = ['simulate', '--tcp', String(port), '--host', '127.0.0.1', '--scenario', 'burst', '--count', String(count), '--hold', String(count), '--state', join(dir, 'decoder-state.json'), ...(options.waitForHost ? ['--wait-for-host'] : [])];
  const child = spawn(process.execPath, [MRE, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const tracked = trackChild(child);
  await waitForReady(tracked, { name: 'mre simulate', missingHint: 'run from a checkout', timeoutMs: 30_000, poll: async () => (tracked.output().includes(`on tcp://127.0.0.1:${port}`) ? true : undefined) });
  return { port, tracked };
}

/** The environment systemd gives the box (systemd/mre-appliance.service), less its data dir: the rig runs the box as the unit does. */
export function unitEnvironment(): Record<string, string> {
  const unit = readFileSync(join(REPO_ROOT, 'systemd', 'mre-appliance.service'), 'utf8');
  const env: Record<string, string> = {};
  // One assignment per line, quoted as systemd needs when the value holds spaces.
  for (const [, name, value] of unit.matchAll(/^Environment="?([A-Z_]+)=(.*?)"?$/gm)) if (name !== 'MRE_DATA_DIR') env[name!] = value!;
  return env;
}

export interface FloodBox {
  url: string;
  pid: number;
  tracked: TrackedChild;
}

export async function startFloodBox(dataDir: string, decoderPort: number, env: Record<string, string> = {}): Promise<FloodBox> {
  const port = await freePort();
  const child = spawn(process.execPath, [MRE, 'appliance', 'start'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...unitEnvironment(), MRE_DATA_DIR: dataDir, MRE_DECODER_SOURCE: `tcp://127.0.0.1:${decoderPort}`, MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_LOG_MIN_FREE_BYTES: '0', MRE_CONTROL_TOKEN: FLOOD_PIN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = trackChild(child);
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(tracked, { name: 'mre appliance', missingHint: 'run from a checkout', timeoutMs: 60_000, poll: async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined) });
  return { url, pid: child.pid!, tracked };
}

export interface ClientReport {
  clients: number;
  opened: number;
  messages: number;
  passings: number;
  /** `passings_skipped` summaries: the feed thinning a flood. */
  thinned: number;
  errors: number;
  closes: Record<string, number>;
}

export interface FloodClients {
  report(): Promise<ClientReport>;
  /** Reports once more, then closes every client and waits for the process to end. */
  end(): Promise<ClientReport>;
  tracked: TrackedChild;
}

/** `count` reading WebSocket clients in their own process, so their work does not slow the test. */
export async function startFloodClients(url: string, count: number): Promise<FloodClients> {
  const script = fileURLToPath(new URL('./flood-clients.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, `${url.replace('http', 'ws')}/ws/v1/live?track_id=local-track&channels=race,decoder`, String(count)], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const tracked = trackChild(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`live clients ended: ${tracked.output().slice(-500)}`);
    return line.value as string;
  };
  if ((await next()) !== 'ready') throw new Error('live clients did not connect');
  return {
    tracked,
    report: async () => {
      child.stdin!.write('report\n');
      return JSON.parse(await next()) as ClientReport;
    },
    end: async () => {
      child.stdin!.write('end\n');
      const report = JSON.parse(await next()) as ClientReport;
      await tracked.exited;
      return report;
    },
  };
}

export async function stopAll(...children: (TrackedChild | undefined)[]): Promise<void> {
  await Promise.all(children.map((c) => (c ? terminate(c, 'SIGKILL') : undefined)));
}
