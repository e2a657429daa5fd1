/** @module `mre appliance firstboot` against a fake boot partition and root in temp dirs: the files it writes and their modes, the move off the boot partition, and a bad file's problems. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFirstboot } from '../../../appliance/firstboot/apply.ts';
import { runMre } from '../../support/run-mre.ts';

const base = mkdtempSync(join(tmpdir(), 'mre-firstboot-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A fresh boot partition holding `files`, and an empty root with Debian's /etc/hosts. */
function box(files: Record<string, string>): { boot: string; root: string } {
  const dir = join(base, String(++n));
  const boot = join(dir, 'boot');
  const root = join(dir, 'root');
  mkdirSync(boot, { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/hosts'), '127.0.0.1\tlocalhost\n127.0.1.1\traspberrypi\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(boot, name), text);
  return { boot, root };
}

const mode = (path: string) => statSync(path).mode & 0o777;
const connections = (root: string) => join(root, 'etc/NetworkManager/system-connections');
const problemsFile = (root: string) => join(root, 'var/lib/mre-appliance/firstboot-problems.json');
const applied = (root: string) => readdirSync(join(root, 'var/lib/mre-appliance/firstboot'));

const GOOD_TOML = `
[box]
hostname = "finish-line"

[network.wired]
method = "static"
address = "192.168.1.40/24"
gateway = "192.168.1.1"
dns = ["192.168.1.1"]

[network.wifi]
ssid = "Club House"
psk = "pass\\\\word 2026"
country = "GB"

[appliance]
track_id = "canberra"
[appliance.decoder]
source = "tcp://192.168.1.21:5403"
`;

const BAD_TOML = `
[box]
hostname = "Finish_Line"

[network.wifi]
psk = "longenough"
country = "GB"

[appliance.decoder]
source = "ftp://x"
[appliance.http]
port = 70000
`;

describe('appliance firstboot', () => {
  it('appliance firstboot - a good TOML writes the config, host name and keyfiles with their modes and moves the file off the boot partition', async () => {
    const { boot, root } = box({ 'mre.toml': GOOD_TOML });
    const result = await runMre(['appliance', 'firstboot', '--boot', boot, '--root', root], { timeoutMs: 20_000 });
    expect(result.code, result.stderr).toBe(0);

    expect(JSON.parse(readFileSync(join(root, 'etc/mre-trackside/appliance.json'), 'utf8'))).toEqual({ track_id: 'canberra', decoder: { source: 'tcp://192.168.1.21:5403' } });
    expect(mode(join(root, 'etc/mre-trackside/appliance.json'))).toBe(0o640);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('finish-line\n');
    expect(readFileSync(join(root, 'etc/hosts'), 'utf8')).toBe('127.0.0.1\tlocalhost\n127.0.1.1\tfinish-line\n');

    const wired = readFileSync(join(connections(root), 'mre-wired.nmconnection'), 'utf8');
    expect(wired).toContain('type=ethernet\n');
    expect(wired).toContain('method=manual\naddress1=192.168.1.40/24,192.168.1.1\ndns=192.168.1.1;\n');
    const wifi = readFileSync(join(connections(root), 'mre-wifi.nmconnection'), 'utf8');
    expect(wifi).toContain('mode=infrastructure\nssid=Club House\n');
    // GKeyFile reads `\\` back as one backslash.
    expect(wifi).toContain('key-mgmt=wpa-psk\npsk=pass\\\\word 2026\n');
    expect(wifi).toContain('[ipv4]\nmethod=auto\n');
    for (const name of ['mre-wired.nmconnection', 'mre-wifi.nmconnection']) expect(mode(join(connections(root), name)), name).toBe(0o600);
    expect(readFileSync(join(root, 'etc/modprobe.d/mre-wifi-country.conf'), 'utf8')).toContain('options cfg80211 ieee80211_regdom=GB\n');

    expect(existsSync(join(boot, 'mre.toml'))).toBe(false);
    const [archived, ...more] = applied(root);
    expect(more).toEqual([]);
    expect(archived).toMatch(/^applied-\d{8}T\d{9}Z\.toml$/);
    const archivedPath = join(root, 'var/lib/mre-appliance/firstboot', archived!);
    expect(readFileSync(archivedPath, 'utf8')).toBe(GOOD_TOML);
    expect(mode(archivedPath)).toBe(0o600);
  });

  it('appliance firstboot - a JSON file with an access point and no host name names the box mre-<track>', async () => {
    const config = { network: { access_point: { ssid: 'MRE Timing', psk: 'race-day-2026', channel: 11, country: 'AU' } }, appliance: { track_id: 'sydney_bmx' } };
    const { boot, root } = box({ 'mre.json': JSON.stringify(config) });
    const result = await applyFirstboot({ bootDir: boot, rootDir: root });
    expect(result.outcome).toBe('applied');
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('mre-sydney-bmx\n');
    expect(readdirSync(connections(root))).toEqual(['mre-access-point.nmconnection']);
    const ap = readFileSync(join(connections(root), 'mre-access-point.nmconnection'), 'utf8');
    expect(ap).toContain('[wifi]\nmode=ap\nssid=MRE Timing\nband=bg\nchannel=11\n');
    expect(ap).toContain('psk=race-day-2026\n');
    expect(ap).toContain('[ipv4]\nmethod=shared\naddress1=10.42.0.1/24\n');
    expect(mode(join(connections(root), 'mre-access-point.nmconnection'))).toBe(0o600);
    expect(applied(root)[0]).toMatch(/\.json$/);
  });

  it('appliance firstboot - a bad file names each field, writes firstboot-problems.json, leaves the file and exits 1', async () => {
    const { boot, root } = box({ 'mre.toml': BAD_TOML });
    const result = await runMre(['appliance', 'firstboot', '--boot', boot, '--root', root], { timeoutMs: 20_000 });
    expect(result.code).toBe(1);
    const expected = ['box.hostname', 'network.wifi.ssid', 'appliance.decoder.source', 'appliance.http.port'];
    for (const path of expected) expect(result.stderr).toMatch(new RegExp(`^  ${path.replace(/\./g, '\\.')}: `, 'm'));

    const doc = JSON.parse(readFileSync(problemsFile(root), 'utf8')) as { file: string; at: string; problems: { path: string; message: string }[] };
    expect(doc.file).toBe(join(boot, 'mre.toml'));
    expect(Number.isNaN(Date.parse(doc.at))).toBe(false);
    expect(doc.problems.map((p) => p.path).sort()).toEqual([...expected].sort());
    expect(doc.problems.find((p) => p.path === 'appliance.http.port')?.message).toBe('expected a whole number from 0 to 65535, got 70000');
    // A Wi-Fi password never comes back in a message.
    expect(readFileSync(problemsFile(root), 'utf8')).not.toContain('longenough');

    expect(readFileSync(join(boot, 'mre.toml'), 'utf8')).toBe(BAD_TOML);
    for (const written of ['etc/hostname', 'etc/mre-trackside', 'etc/NetworkManager', 'var/lib/mre-appliance/firstboot']) expect(existsSync(join(root, written)), written).toBe(false);
  });

  it('appliance firstboot - a TOML syntax error, and both files at once, are problems of the file itself', async () => {
    const broken = box({ 'mre.toml': '[box\nhostname = "x"\n' });
    const syntax = await applyFirstboot({ bootDir: broken.boot, rootDir: broken.root });
    expect(syntax).toMatchObject({ outcome: 'problems', problems: [{ path: '(file)', message: expect.stringMatching(/^not valid TOML at line 1, column \d+: /) }] });
    const both = box({ 'mre.toml': '', 'mre.json': '{}' });
    const twice = await applyFirstboot({ bootDir: both.boot, rootDir: both.root });
    expect(twice).toMatchObject({ outcome: 'problems', problems: [{ path: '(file)', message: 'both mre.toml and mre.json are on the boot partition: keep one' }] });
    expect(readdirSync(both.boot).sort()).toEqual(['mre.json', 'mre.toml']);
  });

  it('appliance firstboot - a good file after a bad one applies, clears the problems and drops the connections it no longer asks for', async () => {
    const { boot, root } = box({ 'mre.toml': GOOD_TOML });
    expect((await applyFirstboot({ bootDir: boot, rootDir: root })).outcome).toBe('applied');
    writeFileSync(join(boot, 'mre.toml'), BAD_TOML);
    expect((await applyFirstboot({ bootDir: boot, rootDir: root })).outcome).toBe('problems');
    expect(existsSync(problemsFile(root))).toBe(true);
    // The earlier good file's results stay while the bad one waits.
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('finish-line\n');

    rmSync(join(boot, 'mre.toml'));
    writeFileSync(join(boot, 'mre.json'), JSON.stringify({ network: { wired: {} }, appliance: { track_id: 'canberra' } }));
    expect((await applyFirstboot({ bootDir: boot, rootDir: root })).outcome).toBe('applied');
    expect(existsSync(problemsFile(root))).toBe(false);
    expect(readdirSync(connections(root))).toEqual(['mre-wired.nmconnection']);
    expect(readFileSync(join(connections(root), 'mre-wired.nmconnection'), 'utf8')).toContain('[ipv4]\nmethod=auto\n');
    expect(existsSync(join(root, 'etc/modprobe.d/mre-wifi-country.conf'))).toBe(false);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('mre-canberra\n');
    expect(applied(root)).toHaveLength(2);
  });

  it('appliance firstboot - a file with only [network] keeps the installed appliance config, and the name follows its track', async () => {
    const { boot, root } = box({ 'mre.json': JSON.stringify({ appliance: { track_id: 'sydney_bmx', control: { token: '271828' } } }) });
    await applyFirstboot({ bootDir: boot, rootDir: root });
    const installed = readFileSync(join(root, 'etc/mre-trackside/appliance.json'), 'utf8');
    writeFileSync(join(boot, 'mre.toml'), '[network.wifi]\nssid = "Club House"\ncountry = "AU"\n');
    expect((await applyFirstboot({ bootDir: boot, rootDir: root })).outcome).toBe('applied');
    expect(readFileSync(join(root, 'etc/mre-trackside/appliance.json'), 'utf8')).toBe(installed);
    expect(readFileSync(join(root, 'etc/hostname'), 'utf8')).toBe('mre-sydney-bmx\n');
    // An open network: no security section at all.
    expect(readFileSync(join(connections(root), 'mre-wifi.nmconnection'), 'utf8')).not.toContain('wifi-security');

    const fresh = box({ 'mre.toml': '[network.wired]\n' });
    await applyFirstboot({ bootDir: fresh.boot, rootDir: fresh.root });
    // A first boot with no [appliance]: the appliance starts on its defaults.
    expect(readFileSync(join(fresh.root, 'etc/mre-trackside/appliance.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(fresh.root, 'etc/hostname'), 'utf8')).toBe('mre-local-track\n');
  });

  it('appliance firstboot - applying the same file twice gives the same files, and no file is nothing to do', async () => {
    const first = box({ 'mre.toml': GOOD_TOML });
    await applyFirstboot({ bootDir: first.boot, rootDir: first.root, now: new Date('2026-05-01T10:00:00Z') });
    const snapshot = () => Object.fromEntries(['etc/hostname', 'etc/hosts', 'etc/mre-trackside/appliance.json', 'etc/NetworkManager/system-connections/mre-wired.nmconnection', 'etc/NetworkManager/system-connections/mre-wifi.nmconnection'].map((p) => [p, readFileSync(join(first.root, p), 'utf8')]));
    const once = snapshot();
    writeFileSync(join(first.boot, 'mre.toml'), GOOD_TOML);
    await applyFirstboot({ bootDir: first.boot, rootDir: first.root, now: new Date('2026-05-01T10:05:00Z') });
    expect(snapshot()).toEqual(once);
    expect(await applyFirstboot({ bootDir: first.boot, rootDir: first.root })).toEqual({ outcome: 'nothing' });
  });
});
