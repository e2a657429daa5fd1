/** @module An appliance bundle for tests and benches: built into a temp dir, unpacked alone, and its appliance started on free ports against the simulator. */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildApplianceBundle } from '../../tools/bundle/build-appliance.ts';
import type { TargetArch } from '../../tools/bundle/runtime-modules.ts';
import { trackChild, type TrackedChild } from '../harness/child-process.ts';
import { freePort } from '../harness/ports.ts';
import { makeTempDir } from '../harness/temp-dir.ts';

export interface UnpackedBundle {
  tarball: string;
  /** The unpacked `mre-appliance-<version>/` folder. */
  dir: string;
  version: string;
  /** Temp dirs to remove afterwards. */
  temps: string[];
}

/** Builds the bundle for `arch` into one temp dir and unpacks it into another that holds nothing else. */
export async function buildAndUnpack(arch: TargetArch): Promise<UnpackedBundle> {
  const out = await makeTempDir('mre-bundle-out');
  const unpack = await makeTempDir('mre-bundle-unpacked');
  const built = await buildApplianceBundle({ arch, outDir: out });
  execFileSync('tar', ['-xzf', built.tarball, '-C', unpack]);
  return { tarball: built.tarball, dir: join(unpack, built.folder), version: built.version, temps: [out, unpack] };
}

export interface RunningAppliance {
  tracked: TrackedChild;
  url: string;
}

/**
 * Starts `node <bin> appliance start` with cwd `cwd`, the simulator as decoder, a loopback port
 * and `dataDir`; NODE_PATH and NODE_OPTIONS are dropped so nothing outside `cwd` is found.
 */
export async function startAppliance(bin: string, cwd: string, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningAppliance> {
  const port = await freePort();
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.NODE_PATH;
  delete base.NODE_OPTIONS;
  for (const key of Object.keys(base)) if (key.startsWith('MRE_')) delete base[key];
  const child = spawn(process.execPath, [bin, 'appliance', 'start'], {
    cwd,
    env: { ...base, MRE_DECODER_SOURCE: 'simulator', MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_DATA_DIR: dataDir, MRE_CONTROL_TOKEN: 'bundle-test-pin', MRE_LOG_MIN_FREE_BYTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { tracked: trackChild(child), url: `http://127.0.0.1:${port}` };
}

/** Resolves once `/healthz` answers 200; rejects if the process exits first. */
export async function waitForHealthy(app: RunningAppliance, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!app.tracked.running()) throw new Error(`the appliance exited before /healthz answered; its output:\n${app.tracked.output()}`);
    // Each probe is bounded: an accepted connection that never answers must not outlast the deadline.
    const status = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`/healthz did not answer 200 within ${timeoutMs} ms; output:\n${app.tracked.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
