/**
 * @module image/install-into-root.sh on a plain folder: the release and /opt/mre/current, the
 * `mre` user (made by systemd-sysusers from the folder) and its folders' owners, the units
 * enabled and verified by systemd, journald, chrony (over Debian's own makestep), avahi and the
 * data partition's fstab line; a second run changes nothing; a damaged or foreign bundle is
 * refused by name and installs nothing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/index.ts';
import { makeFakeBundle } from '../support/fake-bundle.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import { checkUnits, stageUnits } from '../systemd/unit-check.ts';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'image', 'install-into-root.sh');

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir('mre-image-install');
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** A fresh, empty root inside this file's temp dir (removed with it). */
const newRoot = () => mkdtempSync(join(dir, 'root-'));

async function install(root: string, bundle: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('sh', [SCRIPT, '--root', root, '--bundle', bundle]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The chrony.conf lines that matter, in the order Debian's chrony package writes them. */
const DEBIAN_CHRONY = `# Include configuration files found in /etc/chrony/conf.d.
confdir /etc/chrony/conf.d
pool 2.debian.pool.ntp.org iburst
rtcsync
# Step the system clock instead of slewing it if the adjustment is larger than
# one second, but only in the first three clock updates.
makestep 1 3
`;

/** One byte of `path` changed in place: same size, different sha256. */
function changeOneByte(path: string): void {
  const bytes = readFileSync(path);
  bytes[0] = bytes[0]! ^ 1;
  writeFileSync(path, bytes);
}

/** Every entry under `root` with its kind, mode and content's sha256 (a link's target), to compare two runs. */
function tree(root: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stat = lstatSync(path);
      const rel = relative(root, path);
      if (stat.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        out.push(`${rel}/`);
        walk(path);
      } else out.push(`${rel} ${stat.mode.toString(8)} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

describe('image install into a root folder', () => {
  it('install - the release, current, the mre user in dialout, /usr/bin/mre, enabled units, journald, chrony, avahi and the data partition; a second run changes nothing', async () => {
    const root = newRoot();
    // Debian's chrony.conf as installed by the chrony package: conf.d first, its own makestep later.
    mkdirSync(join(root, 'etc/chrony'), { recursive: true });
    writeFileSync(join(root, 'etc/chrony/chrony.conf'), DEBIAN_CHRONY);
    const bundle = makeFakeBundle(dir, { version: '1.0.0+abcdef0' });
    const first = await install(root, bundle);
    expect(first.code, first.stderr).toBe(0);
    const at = (path: string) => join(root, path);
    expect(readlinkSync(at('opt/mre/current'))).toBe('releases/1.0.0+abcdef0');
    expect(readFileSync(at('opt/mre/current/bin/mre.mjs'), 'utf8')).toContain('createServer');
    expect(readFileSync(at('usr/lib/sysusers.d/mre.conf'), 'utf8')).toMatch(/^u mre - .* \/var\/lib\/mre-appliance /m);
    expect(readFileSync(at('usr/lib/sysusers.d/mre.conf'), 'utf8')).toMatch(/^m mre dialout$/m);
    expect(readFileSync(at('usr/bin/mre'), 'utf8')).toContain('exec /usr/bin/node /opt/mre/current/bin/mre.mjs "$@"');
    expect(lstatSync(at('usr/bin/mre')).mode & 0o111).toBe(0o111);
    for (const [target, unit] of [['multi-user.target', 'mre-appliance.service'], ['multi-user.target', 'mre-firstboot.service'], ['multi-user.target', 'mre-firstboot.path'], ['local-fs.target', 'mre-data-partition.service']]) {
      expect(readlinkSync(at(`etc/systemd/system/${target}.wants/${unit}`))).toBe(`../${unit}`);
      expect(lstatSync(at(`etc/systemd/system/${unit}`)).isFile()).toBe(true);
    }
    expect(readFileSync(at('etc/systemd/system/mre-appliance.service.d/data-partition.conf'), 'utf8')).toContain('RequiresMountsFor=/var/lib/mre-appliance');
    expect(readFileSync(at('etc/systemd/journald.conf.d/mre.conf'), 'utf8')).toMatch(/^SystemMaxUse=/m);
    expect(readFileSync(at('usr/lib/tmpfiles.d/mre.conf'), 'utf8')).toMatch(/^d \/var\/lib\/mre-appliance 0750 mre mre -$/m);
    expect(readFileSync(at('etc/chrony/conf.d/mre.conf'), 'utf8')).toMatch(/^makestep 1 -1$/m);
    const chrony = readFileSync(at('etc/chrony/chrony.conf'), 'utf8');
    expect(chrony.match(/^\w+.*$/gm)).toEqual(['confdir /etc/chrony/conf.d', 'pool 2.debian.pool.ntp.org iburst', 'rtcsync']);
    expect(chrony).toMatch(/^# .*makestep 1 3$/m);
    expect(readFileSync(at('etc/rpi/swap.conf.d/80-mre-zram-only.conf'), 'utf8')).toMatch(/^\[Main\]\nMechanism=zram$/m);
    expect(readFileSync(at('etc/avahi/services/mre-http.service'), 'utf8')).toMatch(/<type>_http\._tcp<\/type>\s*<port>8080<\/port>/);
    expect(readFileSync(at('etc/fstab'), 'utf8')).toMatch(/^LABEL=mre-data\s+\/var\/lib\/mre-appliance\s+ext4\s+\S*noatime\S*nofail/m);

    const before = tree(root);
    const second = await install(root, bundle);
    expect(second.code, second.stderr).toBe(0);
    expect(tree(root)).toEqual(before);
  });

  it('install - the installed units verify with systemd-analyze, the data partition unit and the appliance drop-in included', async () => {
    const root = newRoot();
    expect((await install(root, makeFakeBundle(dir, { version: '1.0.1' }))).code).toBe(0);
    const { dir: staged, units } = stageUnits(join(root, 'etc/systemd/system'), new Map([['/usr/lib/mre/mre-data-partition.sh', join(root, 'usr/lib/mre/mre-data-partition.sh')]]));
    expect(units).toEqual(expect.arrayContaining(['mre-appliance.service', 'mre-data-partition.service', 'mre-firstboot.path']));
    expect(await checkUnits(staged, units)).toEqual([]);
  });

  it('install - systemd-sysusers reads the installed root and makes the mre user in dialout, with no useradd', async () => {
    const root = newRoot();
    expect((await install(root, makeFakeBundle(dir, { version: '1.0.2' }))).code).toBe(0);
    // As the box does at its first boot; with --root it writes the folder's /etc, as root or not.
    await run('systemd-sysusers', [`--root=${root}`]);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^mre:x:\d+:\d+:MRE Trackside appliance:\/var\/lib\/mre-appliance:\/usr\/sbin\/nologin$/m);
    expect(readFileSync(join(root, 'etc/group'), 'utf8')).toMatch(/^dialout:x:\d+:mre$/m);
  });

  it('install - a damaged, padded or foreign bundle is refused by name and nothing is installed', async () => {
    const cases: Array<[string, string]> = [
      [makeFakeBundle(dir, { version: '2.0.0-damaged', tamper: (d) => changeOneByte(join(d, 'bin', 'mre.mjs')) }), 'bin/mre.mjs in '],
      [makeFakeBundle(dir, { version: '2.0.0-extra', tamper: (d) => writeFileSync(join(d, 'extra.js'), '') }), 'holds 3 files but its manifest.json lists 2'],
      [join(dir, 'missing.tar.gz'), 'no such bundle file'],
    ];
    const foreign = join(dir, 'foreign');
    await run('mkdir', ['-p', join(foreign, 'something-else')]);
    await run('tar', ['-czf', join(dir, 'foreign.tar.gz'), '-C', foreign, 'something-else']);
    cases.push([join(dir, 'foreign.tar.gz'), 'is not an appliance bundle: its top folder is "something-else"']);
    for (const [bundle, message] of cases) {
      const root = newRoot();
      const result = await install(root, bundle);
      expect(result.code, bundle).not.toBe(0);
      expect(result.stderr, bundle).toContain(message);
      expect(readdirSync(root), bundle).toEqual([]);
    }
  });
});
