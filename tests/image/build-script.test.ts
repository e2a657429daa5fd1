/**
 * @module image/build.sh and the pi-gen stage, without building an image (that needs pi-gen and
 * hours): every script parses, --check names each missing prerequisite with its package and exits
 * 1, --help and wrong usage answer as documented.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/index.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';

const run = promisify(execFile);
const BUILD = join(REPO_ROOT, 'image', 'build.sh');
/** What the script itself runs, found on this machine. */
const BASICS = ['bash', 'env', 'id', 'df', 'awk', 'mkdir', 'dirname', 'sed', 'cat', 'uname', 'grep'];

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('mre-image-build');
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A PATH of the basics plus stand-ins for `present`, and nothing else. */
async function pathWith(present: string[]): Promise<string> {
  const bin = mkdtempSync(join(dir, 'bin-'));
  for (const tool of BASICS) symlinkSync((await run('bash', ['-c', `command -v ${tool}`])).stdout.trim(), join(bin, tool));
  for (const tool of present) {
    writeFileSync(join(bin, tool), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, tool), 0o755);
  }
  return bin;
}

async function build(args: string[], path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(path, 'bash'), [BUILD, ...args, '--work', join(dir, 'work')], { env: { PATH: path } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('image build script', () => {
  it('image build - every script of image/ parses', async () => {
    const scripts = ['image/build.sh', 'image/install-into-root.sh', 'image/files/mre-data-partition.sh', 'image/files/mre', ...readdirSync(join(REPO_ROOT, 'image/pi-gen/stage-mre'), { recursive: true }).map(String).filter((f) => f.endsWith('.sh')).map((f) => `image/pi-gen/stage-mre/${f}`)];
    expect(scripts).toEqual(expect.arrayContaining(['image/pi-gen/stage-mre/prerun.sh', 'image/pi-gen/stage-mre/00-mre/01-run.sh']));
    for (const script of scripts) await run('bash', ['-n', join(REPO_ROOT, script)]);
  });

  it('image build - --check names each missing prerequisite with the package that brings it, and exits 1', async () => {
    const result = await build(['--check', '--docker'], await pathWith(['git', 'node', 'npm']));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('this machine lacks what the image build needs:\n  docker (apt-get install docker.io)');
    const native = await build(['--check'], await pathWith(['git', 'node', 'npm', 'quilt', 'parted']));
    expect(native.code).toBe(1);
    expect(native.stderr).toContain('  pigz (apt-get install pigz)');
    expect(native.stderr).toContain('  qemu-arm (apt-get install qemu-user-binfmt)');
    expect(native.stderr).toContain('  bsdtar (apt-get install libarchive-tools)');
    expect(native.stderr).not.toContain('quilt');
    // qemu-aarch64 is asked for only off an arm host; a stand-in either way keeps this machine-independent.
    const ready = await build(['--check', '--docker'], await pathWith(['git', 'node', 'npm', 'docker', 'qemu-aarch64']));
    expect(ready).toMatchObject({ code: 0, stdout: expect.stringContaining('everything the image build needs is here') });
  });

  it('image build - --help says how to use it; an unknown flag exits 2', async () => {
    const path = await pathWith([]);
    const help = await build(['--help'], path);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: image/build.sh [--check] [--docker]');
    const wrong = await build(['--fast'], path);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('unknown argument: --fast');
  });
});
