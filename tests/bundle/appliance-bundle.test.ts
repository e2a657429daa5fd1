/** @module The appliance bundle: built, unpacked where no checkout is in reach, started with plain node against the simulator; its manifest and node_modules checked. */
import { execFileSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, readSync, closeSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File, type BundleManifest } from '../../tools/bundle/manifest.ts';
import { releaseFiles } from '../../shared/release/files.ts';
import { freePort, makeTempDir, removeTempDir, terminate, waitFor } from '../harness/index.ts';
import { restartCommand, stopFakeApp } from '../support/fake-bundle.ts';
import { runMre } from '../support/run-mre.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import { buildAndUnpack, startAppliance, waitForHealthy, type UnpackedBundle } from '../support/appliance-bundle.ts';

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;

/** The packages directly under a node_modules folder, scoped ones as `@scope/name`. */
function packagesIn(nodeModules: string): string[] {
  return readdirSync(nodeModules).flatMap((name) => (name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name]));
}

/** ELF e_machine of a compiled file: 62 is x86-64, 183 is AArch64. */
function elfMachine(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(20);
    readSync(fd, header, 0, 20, 0);
    expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    return header.readUInt16LE(18);
  } finally {
    closeSync(fd);
  }
}

describe('appliance bundle', () => {
  let x64: UnpackedBundle;
  let arm64: UnpackedBundle;
  const temps: string[] = [];

  beforeAll(async () => {
    x64 = await buildAndUnpack('x64');
    arm64 = await buildAndUnpack('arm64');
    temps.push(...x64.temps, ...arm64.temps);
  }, 120_000);
  afterAll(async () => {
    for (const dir of temps) await removeTempDir(dir);
  });

  it('appliance bundle - starts with plain node from the unpacked folder, serves the web apps and the simulator passings, stops 0 on SIGTERM', async () => {
    // Nothing above the unpacked folder may hold packages Node could fall back on.
    for (let dir = dirname(x64.dir); dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);
    const dataDir = await makeTempDir('mre-bundle-data');
    temps.push(dataDir);
    const app = await startAppliance(join(x64.dir, 'bin', 'mre.mjs'), x64.dir, dataDir);
    try {
      await waitForHealthy(app);
      // `mre update` knows the new release is up when /healthz names its version.
      expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ ok: true, version: x64.version });
      const passings = await waitFor('a simulator passing in /api/passings', async () => {
        const body = (await (await fetch(`${app.url}/api/passings?limit=5`)).json()) as { passings: { message_type: string }[] };
        return body.passings.length > 0 && body.passings;
      });
      expect(passings[0]!.message_type).toBe('PASSING');
      const page = await fetch(`${app.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script[^>]+src="\/assets\//);
    } finally {
      const exit = await terminate(app.tracked);
      expect(exit, app.tracked.output()).toEqual({ code: 0, signal: null });
    }
  });

  it('appliance bundle - manifest names the build and holds the sha256 of every other file', () => {
    const manifest = readManifest(x64.dir);
    const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(manifest).toMatchObject({ name: 'mre-appliance', arch: 'x64', node: '>=20.19', version: x64.version });
    expect(manifest.version).toBe(`${version}+${manifest.commit.slice(0, 7)}`);
    expect(manifest.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isNaN(Date.parse(manifest.built_at))).toBe(false);
    expect(x64.tarball.endsWith(`mre-appliance-${manifest.version}-linux-x64.tar.gz`)).toBe(true);
    const files = releaseFiles(x64.dir).filter((f) => f !== 'manifest.json');
    expect(Object.keys(manifest.files).sort()).toEqual(files);
    for (const file of files) expect(manifest.files[file], file).toBe(sha256File(join(x64.dir, file)));
    // The CLI runs as JavaScript: no TypeScript for a compile hook to pick up.
    expect(files.filter((f) => /\.[mc]?ts$/.test(f))).toEqual([]);
    expect(files).toContain('bin/mre.mjs');
    expect(files).toContain('web/dist/scoreboard/index.html');
    expect(files).toEqual(expect.arrayContaining(['docs/appliance.md', 'docs/field-guide.md', 'systemd/mre-appliance.service', 'systemd/mre-firstboot.path', 'systemd/journald.conf.d/mre.conf']));
    expect(files.filter((f) => f.includes('mre-cloud'))).toEqual([]);
  });

  it('appliance bundle - node_modules holds the native packages and what they load, no devDependency', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const shipped = packagesIn(join(x64.dir, 'node_modules'));
    expect(shipped).toEqual(expect.arrayContaining(['classic-level', '@serialport/bindings-cpp', 'node-gyp-build']));
    expect(shipped.filter((name) => name in pkg.devDependencies)).toEqual([]);
    // Bundled into lib/, so not shipped as packages.
    for (const inlined of ['hono', 'zod', 'ws', 'level', 'serialport', 'esbuild', 'tsx']) expect(shipped).not.toContain(inlined);
  });

  it('appliance bundle - each native package carries the prebuilt binary of its target arch only', () => {
    const cases = [
      { bundle: x64, arch: 'x64', machine: 62 },
      { bundle: arm64, arch: 'arm64', machine: 183 },
    ];
    for (const { bundle, arch, machine } of cases) {
      expect(readManifest(bundle.dir).arch).toBe(arch);
      for (const pkg of ['classic-level', '@serialport/bindings-cpp']) {
        const prebuilds = join(bundle.dir, 'node_modules', pkg, 'prebuilds');
        expect(readdirSync(prebuilds)).toEqual([`linux-${arch}`]);
        const binaries = readdirSync(join(prebuilds, `linux-${arch}`)).filter((f) => f.endsWith('.node'));
        expect(binaries.length, `${pkg} linux-${arch}`).toBeGreaterThan(0);
        for (const file of binaries) expect(elfMachine(join(prebuilds, `linux-${arch}`, file)), file).toBe(machine);
      }
    }
  });

  it('appliance bundle - `mre update` installs it under /opt/mre, then a next version beside it; the appliance started from /opt/mre/current keeps its log across the switch', async () => {
    const work = await makeTempDir('mre-bundle-update');
    temps.push(work);
    const root = join(work, 'root');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { MRE_DECODER_SOURCE: 'simulator', MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_DATA_DIR: join(work, 'data'), MRE_CONTROL_TOKEN: 'bundle-test-pin', MRE_LOG_MIN_FREE_BYTES: '0' };
    const restart = restartCommand(work, root, env, ['appliance', 'start']);
    const update = (file: string) => runMre(['update', file, '--root', root, '--restart-cmd', restart, '--ready-url', `${url}/healthz`, '--ready-timeout', '30'], { timeoutMs: 90_000 });
    // The same build under the next version: a new top folder and manifest version, every file as before.
    const next = `${x64.version}.next`;
    const repack = join(work, 'repack');
    execFileSync('mkdir', ['-p', repack]);
    execFileSync('tar', ['-xzf', x64.tarball, '-C', repack]);
    renameSync(join(repack, `mre-appliance-${x64.version}`), join(repack, `mre-appliance-${next}`));
    const manifestPath = join(repack, `mre-appliance-${next}`, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ ...readManifest(join(repack, `mre-appliance-${next}`)), version: next }));
    const nextTarball = join(work, `mre-appliance-${next}-linux-x64.tar.gz`);
    execFileSync('tar', ['-czf', nextTarball, '-C', repack, `mre-appliance-${next}`]);
    try {
      const first = await update(x64.tarball);
      expect(first.code, first.stderr).toBe(0);
      const seen = await waitFor('passings in the log', async () => {
        const body = (await (await fetch(`${url}/api/passings?limit=500`)).json()) as { passings: { id: string }[] };
        return body.passings.length >= 3 && body.passings.map((p) => p.id);
      });
      const second = await update(nextTarball);
      expect(second.code, second.stderr).toBe(0);
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, version: next });
      const after = (await (await fetch(`${url}/api/passings?limit=500`)).json()) as { passings: { id: string }[] };
      expect(after.passings.map((p) => p.id)).toEqual(expect.arrayContaining(seen));
    } finally {
      stopFakeApp(work);
    }
  }, 120_000);
});
