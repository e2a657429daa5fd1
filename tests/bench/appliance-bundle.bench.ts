/** @module The appliance bundle as a box gets it: tarball size for arm64, cold start to /healthz from the unpacked bundle (the checkout's bin/mre.mjs as the peer), idle RSS. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { makeTempDir, removeTempDir, terminate } from '../harness/index.ts';
import { buildAndUnpack, startAppliance, waitForHealthy } from '../support/appliance-bundle.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import type { BenchEntry } from './bench-types.ts';

const START_RUNS = 5;
const IDLE_MS = 10_000;
/** What systemd/mre-appliance.service sets for the box. */
const UNIT_ENV = { MALLOC_ARENA_MAX: '2', NODE_OPTIONS: '--max-old-space-size=96 --max-semi-space-size=8' };
/** A decoder address nobody answers on: the box runs with its link retrying, as before the decoder is switched on. */
const NO_DECODER = { MRE_DECODER_SOURCE: 'tcp://127.0.0.1:9' };

/** Milliseconds from spawn to the first /healthz 200, on a fresh data dir; stopped with SIGTERM after. */
async function startToHealthy(bin: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const data = await makeTempDir('mre-bench-bundle-data');
  try {
    const started = performance.now();
    const app = await startAppliance(bin, cwd, data, env);
    try {
      await waitForHealthy(app);
      return performance.now() - started;
    } finally {
      await terminate(app.tracked);
    }
  } finally {
    await removeTempDir(data);
  }
}

async function median(runs: number, once: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return Math.round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]!);
}

/** VmRSS of a running process in MB, from /proc. */
function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/** RSS after IDLE_MS of a bundled appliance started with `env`. */
async function idleRss(bin: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const data = await makeTempDir('mre-bench-bundle-data');
  const app = await startAppliance(bin, cwd, data, env);
  try {
    await waitForHealthy(app);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return rssMb(app.tracked.child.pid!);
  } finally {
    await terminate(app.tracked);
    await removeTempDir(data);
  }
}

export const applianceBundleSizeBench: BenchEntry = {
  name: 'appliance bundle: arm64 tar.gz (MB)',
  target: { value: 40, better: 'lower' },
  async run() {
    const bundle = await buildAndUnpack('arm64');
    try {
      const manifest = JSON.parse(readFileSync(join(bundle.dir, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
      const paths = Object.keys(manifest.files);
      const bytes = (prefix: string) => paths.filter((p) => p.startsWith(prefix)).reduce((sum, p) => sum + statSync(join(bundle.dir, p)).size, 0);
      const mb = (n: number) => Math.round((n / 1024 / 1024) * 100) / 100;
      return {
        value: mb(statSync(bundle.tarball).size),
        unit: 'MB',
        detail: { files: paths.length, unpacked_mb: mb(bytes('')), lib_mb: mb(bytes('lib/')), web_mb: mb(bytes('web/')), node_modules_mb: mb(bytes('node_modules/')), compression: 'gzip -9' },
      };
    } finally {
      for (const dir of bundle.temps) await removeTempDir(dir);
    }
  },
};

export const applianceBundleStartBench: BenchEntry = {
  name: 'appliance bundle: start to /healthz 200 (ms)',
  target: { value: 3000, better: 'lower' },
  async run() {
    const bundle = await buildAndUnpack('x64');
    const cache = await makeTempDir('mre-bench-ts-cache');
    try {
      const fromBundle = await median(START_RUNS, () => startToHealthy(join(bundle.dir, 'bin', 'mre.mjs'), bundle.dir, NO_DECODER));
      const repoBin = join(REPO_ROOT, 'bin', 'mre.mjs');
      // The checkout compiles each TypeScript file once into $TMPDIR/mre-ts-<uid>: its first start in a fresh TMPDIR, then warm.
      const repoUncached = Math.round(await startToHealthy(repoBin, REPO_ROOT, { ...NO_DECODER, TMPDIR: cache }));
      const repoWarm = await median(START_RUNS, () => startToHealthy(repoBin, REPO_ROOT, { ...NO_DECODER, TMPDIR: cache }));
      return { value: fromBundle, unit: 'ms', detail: { bundle_ms: fromBundle, repo_bin_warm_cache_ms: repoWarm, repo_bin_first_start_ms: repoUncached, runs: START_RUNS, statistic: 'median', decoder: 'none answering' } };
    } finally {
      for (const dir of [...bundle.temps, cache]) await removeTempDir(dir);
    }
  },
};

export const applianceBundleIdleRssBench: BenchEntry = {
  name: 'appliance bundle: idle RSS after 10 s (MB)',
  target: { value: 100, better: 'lower' },
  async run() {
    const bundle = await buildAndUnpack('x64');
    try {
      const bin = join(bundle.dir, 'bin', 'mre.mjs');
      const unit = await idleRss(bin, bundle.dir, { ...NO_DECODER, ...UNIT_ENV });
      const plain = await idleRss(bin, bundle.dir, NO_DECODER);
      const simulator = await idleRss(bin, bundle.dir, UNIT_ENV);
      return { value: unit, unit: 'MB', detail: { no_decoder_unit_env_mb: unit, no_decoder_node_defaults_mb: plain, simulator_rc_practice_unit_env_mb: simulator, idle_s: IDLE_MS / 1000 } };
    } finally {
      for (const dir of bundle.temps) await removeTempDir(dir);
    }
  },
};

export const APPLIANCE_BUNDLE_BENCHES = [applianceBundleSizeBench, applianceBundleStartBench, applianceBundleIdleRssBench];
