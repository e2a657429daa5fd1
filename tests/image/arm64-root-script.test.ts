/** @module The opt-in emulated arm64 root script (image/arm64-root/): it parses, its help and its prerequisite check answer without downloading anything. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/index.ts';

const DIR = fileURLToPath(new URL('../../image/arm64-root/', import.meta.url));
const SCRIPT = `${DIR}emulate-appliance.sh`;
const PREREQUISITES = ['root', 'debootstrap', 'qemu-aarch64-static', 'update-binfmts', 'dpkg-deb', 'node', 'npm', 'curl', 'binfmt_misc qemu-aarch64'];

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync('/bin/bash', [SCRIPT, ...args], { encoding: 'utf8', env, timeout: 20_000 });
  return { code: result.status, out: result.stdout + result.stderr };
}

describe('arm64 root script', () => {
  let emptyBin: string;
  beforeAll(async () => {
    emptyBin = await makeTempDir('mre-arm64-empty-path');
  });
  afterAll(async () => {
    await removeTempDir(emptyBin);
  });

  it('arm64 root script - every file of it parses with bash -n', () => {
    for (const file of ['emulate-appliance.sh', 'phases.sh', 'run-appliance.sh']) {
      const result = spawnSync('/bin/bash', ['-n', `${DIR}${file}`], { encoding: 'utf8' });
      expect(result.status, `${file}: ${result.stderr}`).toBe(0);
    }
  });

  it('arm64 root script - --help names the suite, the options and the apt-get line, and exits 0', () => {
    const { code, out } = run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('trixie');
    for (const option of ['--check', '--foreign', '--root DIR', '--bundle FILE', '--keep', '--ready-timeout S']) expect(out).toContain(option);
    expect(out).toContain('apt-get install -y debootstrap qemu-user-static binfmt-support');
  });

  it('arm64 root script - --check with no tools on PATH names each one missing with the install hint, and exits 1', () => {
    const { code, out } = run(['--check'], { PATH: emptyBin });
    expect(code).toBe(1);
    for (const tool of ['debootstrap', 'qemu-aarch64-static', 'update-binfmts', 'dpkg-deb', 'node', 'npm', 'curl']) expect(out).toContain(`${tool}: missing`);
    expect(out).toContain('install what is missing: apt-get update && apt-get install -y debootstrap qemu-user-static binfmt-support');
  });

  it('arm64 root script - --check on this machine gives a line per prerequisite and exits 1 exactly when one is missing', () => {
    const { code, out } = run(['--check']);
    for (const name of PREREQUISITES) expect(out).toMatch(new RegExp(`^${name}: `, 'm'));
    const missing = /^[^:\n]+: missing/m.test(out);
    expect(code).toBe(missing ? 1 : 0);
    expect(out.includes('install what is missing')).toBe(missing);
  });

  it('arm64 root script - an unknown option is refused with exit 2 before anything runs', () => {
    const { code, out } = run(['--download-everything']);
    expect(code).toBe(2);
    expect(out).toContain('unknown option: --download-everything');
  });
});
