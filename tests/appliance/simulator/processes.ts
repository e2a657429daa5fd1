/** @module The real processes simulator tests drive: `mre simulate` and `mre appliance start`, spawned from the checkout and stopped by the test. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, terminate, trackChild, waitForReady, type TrackedChild } from '../../harness/index.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';

const MRE = join(REPO_ROOT, 'bin', 'mre.mjs');
export const BOX_PIN = '97531864';

type Defer = (cleanup: () => unknown) => void;

function spawnMre(args: string[], env: Record<string, string>, defer: Defer): TrackedChild {
  const child = spawn(process.execPath, [MRE, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tracked = trackChild(child);
  defer(() => terminate(tracked, 'SIGKILL'));
  return tracked;
}

export interface SimulateProcess {
  port: number;
  tracked: TrackedChild;
}

/** `mre simulate --tcp PORT ...args`, ready once it says where it listens. */
export async function startSimulate(args: string[], defer: Defer): Promise<SimulateProcess> {
  const port = await freePort();
  const tracked = spawnMre(['simulate', '--tcp', String(port), '--host', '127.0.0.1', ...args], {}, defer);
  const where = `on tcp://127.0.0.1:${port}`;
  await waitForReady(tracked, { name: 'mre simulate', missingHint: 'run from a checkout', timeoutMs: 30_000, poll: async () => (tracked.output().includes(where) ? true : undefined) });
  return { port, tracked };
}

export interface BoxProcess {
  url: string;
  tracked: TrackedChild;
  /** Posts a race-control intent; anything but 200 throws with the box's answer. */
  control(intent: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  get<T>(path: string): Promise<T>;
}

/** `mre appliance start` on loopback with `env` (MRE_DATA_DIR, MRE_DECODER_SOURCE, ...), ready once /healthz answers. */
export async function startBox(env: Record<string, string>, defer: Defer): Promise<BoxProcess> {
  const port = await freePort();
  const tracked = spawnMre(['appliance', 'start'], { MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_LOG_MIN_FREE_BYTES: '0', MRE_CONTROL_TOKEN: BOX_PIN, ...env }, defer);
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(tracked, { name: 'mre appliance', missingHint: 'run from a checkout', timeoutMs: 60_000, poll: async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined) });
  return {
    url,
    tracked,
    async control(intent, body) {
      const response = await fetch(`${url}/api/control/${intent}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BOX_PIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, by: 'test' }),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${intent} answered ${response.status}: ${text}`);
      return JSON.parse(text) as Record<string, unknown>;
    },
    async get<T>(path: string) {
      const response = await fetch(`${url}${path}`);
      if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}
