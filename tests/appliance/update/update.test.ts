/**
 * @module `mre update` on a box's /opt/mre under a temp root: a bundle is checked, installed
 * beside the running release, switched to atomically and kept only when it answers ready; one
 * that never does is rolled back; damaged, foreign or hostile bundles change nothing; the data
 * directory outlives every switch.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, makeTempDir, removeTempDir } from '../../harness/index.ts';
import { fakeRestartCommand, makeFakeBundle, stopFakeApp, type FakeBundleOptions } from '../../support/fake-bundle.ts';
import { runMre } from '../../support/run-mre.ts';

let dir: string;
let root: string;
let port: number;
let dataFile: string;
let restart: string;

beforeAll(async () => {
  dir = await makeTempDir('mre-update');
  root = join(dir, 'root');
  mkdirSync(root);
  port = await freePort();
  dataFile = join(dir, 'data-dir-boots.txt');
  restart = fakeRestartCommand(dir, root, port, dataFile);
});

afterAll(async () => {
  stopFakeApp(dir);
  await removeTempDir(dir);
});

const bundle = (options: FakeBundleOptions) => makeFakeBundle(dir, options);
const update = (...args: string[]) => runMre(['update', '--root', root, '--restart-cmd', restart, '--ready-url', `http://127.0.0.1:${port}/healthz`, '--ready-timeout', '4', ...args], { timeoutMs: 60_000 });
const link = (name: string) => (existsSync(join(root, 'opt/mre', name)) ? readlinkSync(join(root, 'opt/mre', name)) : null);
const releases = () => readdirSync(join(root, 'opt/mre/releases')).sort();
const running = async () => ((await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { version: string }).version;
const boots = () => readFileSync(dataFile, 'utf8').trim().split('\n');

describe('mre update', () => {
  it('update - installs a first release, then a second beside it: current switches, previous remembers, the data directory keeps what both wrote', async () => {
    const first = await update(bundle({ version: '1.0.0+aaaaaaa' }));
    expect(first.code, first.stderr).toBe(0);
    expect(link('current')).toBe('releases/1.0.0+aaaaaaa');
    expect(await running()).toBe('1.0.0+aaaaaaa');
    appendFileSync(dataFile, 'race data written by 1.0.0\n');

    const second = await update(bundle({ version: '1.1.0+bbbbbbb' }));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('switched');
    expect(link('current')).toBe('releases/1.1.0+bbbbbbb');
    expect(link('previous')).toBe('releases/1.0.0+aaaaaaa');
    expect(await running()).toBe('1.1.0+bbbbbbb');
    expect(releases()).toEqual(['1.0.0+aaaaaaa', '1.1.0+bbbbbbb']);
    expect(boots()).toEqual(['1.0.0+aaaaaaa', 'race data written by 1.0.0', '1.1.0+bbbbbbb']);

    const again = await update(bundle({ version: '1.1.0+bbbbbbb' }));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('already the running release');
    expect(boots().at(-1)).toBe('1.1.0+bbbbbbb');
    expect(boots()).toHaveLength(3);
  });

  it('update - a release that never answers ready, or exits at once, is rolled back within the timeout: current, previous and the running version are as before, exit 1', async () => {
    for (const mode of ['never', 'crash'] as const) {
      const version = `1.2.0-${mode}`;
      const result = await update(bundle({ version, mode }), '--ready-timeout', '2');
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`${version} did not start: not ready within 2 s`);
      expect(result.stderr).toContain(`the box runs 1.1.0+bbbbbbb again`);
      expect(link('current')).toBe('releases/1.1.0+bbbbbbb');
      expect(link('previous')).toBe('releases/1.0.0+aaaaaaa');
      expect(await running()).toBe('1.1.0+bbbbbbb');
      expect(releases()).toEqual(['1.0.0+aaaaaaa', '1.1.0+bbbbbbb']);
      expect(boots().slice(-2)).toEqual([version, '1.1.0+bbbbbbb']);
    }
  }, 60_000);

  it('update - refuses a damaged, foreign or hostile bundle by name and changes nothing', async () => {
    const tarOf = (name: string, build: (staging: string) => string[]) => {
      const staging = join(dir, `hostile-${name}`);
      mkdirSync(staging, { recursive: true });
      const out = join(dir, `${name}.tar.gz`);
      execFileSync('tar', ['-czf', out, '-C', staging, ...build(staging)]);
      return out;
    };
    const cases: Array<[string, string]> = [
      [bundle({ version: '2.0.0-arch', arch: process.arch === 'arm64' ? 'x64' : 'arm64' }), 'the bundle is built for linux-'],
      [bundle({ version: '2.0.0-node', node: '>=99.1' }), 'the bundle needs node >=99.1; this box has'],
      [bundle({ version: '2.0.0-damaged', tamper: (d) => appendFileSync(join(d, 'bin', 'mre.mjs'), '//') }), 'bin/mre.mjs in the bundle does not match its sha256 in manifest.json'],
      [bundle({ version: '2.0.0-extra', tamper: (d) => writeFileSync(join(d, 'bin', 'sneaky.mjs'), '') }), 'the bundle holds bin/sneaky.mjs that its manifest.json does not list'],
      [bundle({ version: '2.0.0-link', tamper: (d) => symlinkSync('/etc/passwd', join(d, 'mode-link')) }), '"mre-appliance-2.0.0-link/mode-link" is a link or a special file'],
      [
        tarOf('outside', (s) => {
          mkdirSync(join(s, 'mre-appliance-2.0.0'), { recursive: true });
          writeFileSync(join(s, 'other.txt'), '');
          return ['mre-appliance-2.0.0', 'other.txt'];
        }),
        '"other.txt" lies outside the bundle\'s folder mre-appliance-2.0.0/',
      ],
      [
        tarOf('foreign', (s) => {
          mkdirSync(join(s, 'something-else'), { recursive: true });
          return ['something-else'];
        }),
        'is not an appliance bundle: its top folder is "something-else"',
      ],
      [(() => {
        const path = join(dir, 'not-a-bundle.tar.gz');
        writeFileSync(path, 'this is not gzip');
        return path;
      })(), 'is not a readable .tar.gz bundle'],
      [join(dir, 'missing.tar.gz'), 'no such bundle file'],
    ];
    for (const [file, message] of cases) {
      const result = await update(file);
      expect(result.code, `${file}: ${result.stderr}`).toBe(1);
      expect(result.stderr, file).toContain(message);
      expect(link('current')).toBe('releases/1.1.0+bbbbbbb');
      expect(releases()).toEqual(['1.0.0+aaaaaaa', '1.1.0+bbbbbbb']);
    }
    expect(await running()).toBe('1.1.0+bbbbbbb');
  }, 60_000);

  it('update - a path that climbs out of the bundle is refused before anything is unpacked', async () => {
    const staging = join(dir, 'climb', 'a', 'b');
    mkdirSync(join(staging, 'mre-appliance-3.0.0'), { recursive: true });
    writeFileSync(join(dir, 'climb', 'a', 'escaped.txt'), 'x');
    const out = join(dir, 'climb.tar.gz');
    mkdirSync(join(root, 'opt/mre/releases'), { recursive: true });
    const before = releases();
    // -P keeps the `..` in the member's name, as a hostile builder would.
    execFileSync('tar', ['-czPf', out, '-C', staging, 'mre-appliance-3.0.0', 'mre-appliance-3.0.0/../../escaped.txt']);
    expect(execFileSync('tar', ['-tzf', out], { encoding: 'utf8' })).toContain('mre-appliance-3.0.0/../../escaped.txt');
    const result = await update(out);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('"mre-appliance-3.0.0/../../escaped.txt" lies outside the bundle\'s folder');
    expect(existsSync(join(root, 'opt/mre/escaped.txt'))).toBe(false);
    expect(releases()).toEqual(before);
  });

  it('update - one update at a time: a live lock is refused naming its pid, a dead one is taken over', async () => {
    const lock = join(root, 'opt/mre/update.lock');
    writeFileSync(lock, `${process.pid}\n`);
    const refused = await update('--rollback');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`another update is running (pid ${process.pid}`);
    expect(link('current')).toBe('releases/1.1.0+bbbbbbb');

    const gone = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lock, `${gone}\n`);
    const list = await runMre(['update', '--list', '--root', root], { timeoutMs: 30_000 });
    expect(list.stdout).toMatch(/^current {2}1\.1\.0\+bbbbbbb {2}built .+, commit ffffffffffff$/m);
    expect(list.stdout).toMatch(/^previous 1\.0\.0\+aaaaaaa /m);
    const rolled = await update('--rollback');
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(link('current')).toBe('releases/1.0.0+aaaaaaa');
    expect(link('previous')).toBe('releases/1.1.0+bbbbbbb');
    expect(await running()).toBe('1.0.0+aaaaaaa');
    // Back again: --rollback toggles between the two.
    const forward = await update('--rollback');
    expect(forward.code, forward.stderr).toBe(0);
    expect(await running()).toBe('1.1.0+bbbbbbb');
  }, 60_000);

  it('update - keeps the last releases only (current and previous always), and leftovers of an interrupted unpack are cleared', async () => {
    mkdirSync(join(root, 'opt/mre/releases/9.9.9.partial'));
    for (const version of ['4.0.0', '5.0.0', '6.0.0']) {
      const result = await update(bundle({ version }));
      expect(result.code, result.stderr).toBe(0);
    }
    expect(releases()).toEqual(['4.0.0', '5.0.0', '6.0.0']);
    expect(link('current')).toBe('releases/6.0.0');
    expect(link('previous')).toBe('releases/5.0.0');
    expect(boots()).toContain('race data written by 1.0.0');
  }, 60_000);

  it('update - with no --ready-url it polls /healthz on the port in the box\'s own config file under the root', async () => {
    mkdirSync(join(root, 'etc/mre-trackside'), { recursive: true });
    writeFileSync(join(root, 'etc/mre-trackside/appliance.json'), JSON.stringify({ http: { port } }));
    const result = await runMre(['update', bundle({ version: '7.0.0' }), '--root', root, '--restart-cmd', restart, '--ready-timeout', '4'], { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(await running()).toBe('7.0.0');
    writeFileSync(join(root, 'etc/mre-trackside/appliance.json'), JSON.stringify({ http: { port: await freePort() } }));
    const elsewhere = await runMre(['update', bundle({ version: '7.1.0' }), '--root', root, '--restart-cmd', restart, '--ready-timeout', '2'], { timeoutMs: 60_000 });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/7\.1\.0 did not start: not ready within 2 s: http:\/\/127\.0\.0\.1:\d+\/healthz: ECONNREFUSED/);
  }, 60_000);

  it('update - wrong usage exits 2 naming the problem', async () => {
    expect(await runMre(['update'], { timeoutMs: 30_000 })).toMatchObject({ code: 2, stderr: expect.stringContaining('expected one bundle file') });
    expect(await runMre(['update', 'x.tar.gz', '--ready-timeout', 'soon'], { timeoutMs: 30_000 })).toMatchObject({ code: 2, stderr: expect.stringContaining('--ready-timeout: expected a whole number') });
    expect(await runMre(['update', 'x.tar.gz', '--ready-url', 'localhost:8080'], { timeoutMs: 30_000 })).toMatchObject({ code: 2, stderr: expect.stringContaining('--ready-url: expected http://host:port/path') });
    expect(await runMre(['update', 'x.tar.gz', '--keep', '1'], { timeoutMs: 30_000 })).toMatchObject({ code: 2, stderr: expect.stringContaining('--keep: expected a whole number of at least 2') });
  });
});
