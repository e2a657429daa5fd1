/** @module `mre doctor` against real appliances on loopback: each staged failure named in its line, the JSON shape, and the exit codes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Finding } from '../../shared/diagnosis/doctor.ts';
import { issueToken } from '../../cloud/ingest/token.ts';
import { freePort, useCleanups, waitFor } from '../harness/index.ts';
import { runMre } from '../support/run-mre.ts';
import { dataDir, startBox } from '../web/box.ts';

const defer = useCleanups();

interface DoctorJson {
  url: string;
  reachable: boolean;
  verdict: 'ok' | 'check' | 'fail';
  findings: Finding[];
}

async function doctorJson(url: string): Promise<{ code: number | null; report: DoctorJson }> {
  const result = await runMre(['doctor', '--url', url, '--json'], { timeoutMs: 30_000 });
  return { code: result.code, report: JSON.parse(result.stdout) as DoctorJson };
}

const line = (report: DoctorJson, area: Finding['area']) => report.findings.filter((f) => f.area === area);

describe('mre doctor', () => {
  test('a healthy simulated box: every line OK, exit 0, and the text names each area in check order', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), lapSeconds: '2,3', firstCrossingSeconds: '1,2', env: { MRE_LOG_MIN_FREE_BYTES: '0' } });
    defer(() => box.stop());
    await waitFor('a passing', async () => ((await (await fetch(`${box.url}/api/status`)).json()) as { last_passing: unknown }).last_passing);
    const { code, report } = await doctorJson(box.url);
    expect(report.findings.filter((f) => f.verdict !== 'ok')).toEqual([]);
    expect(code).toBe(0);
    expect(report).toMatchObject({ url: box.url, reachable: true, verdict: 'ok' });
    expect(line(report, 'decoder')[0]?.text).toMatch(/^decoder connected since .*, last record /);
    expect(line(report, 'cloud')[0]?.text).toBe('cloud sync not configured');
    expect(line(report, 'clock').map((f) => f.text)).toContain('cannot tell whether the system clock is synchronised');
    // This machine has no systemd journal for the service: said, not failed.
    expect(line(report, 'journal')[0]?.verdict).toBe('ok');
    const noJournal = await runMre(['doctor', '--url', box.url, '--json'], { timeoutMs: 30_000, env: { PATH: '/nonexistent' } });
    expect((JSON.parse(noJournal.stdout) as DoctorJson).findings.find((f) => f.area === 'journal')?.text).toBe('no journalctl on this machine: no journal to read');
    const text = await runMre(['doctor', '--url', box.url], { timeoutMs: 30_000 });
    expect(text.code).toBe(0);
    const areas = text.stdout.split('\n').filter((l) => /^(OK|CHECK|FAIL)/.test(l)).map((l) => l.split(/\s+/)[1]);
    expect([...new Set(areas)]).toEqual(['decoder', 'disk', 'cloud', 'clock', 'journal']);
  }, 60_000);

  test('decoder down: FAIL on the decoder line naming the address, exit 1', async () => {
    const nobody = await freePort();
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_DECODER_SOURCE: `tcp://127.0.0.1:${nobody}`, MRE_LOG_MIN_FREE_BYTES: '0' } });
    defer(() => box.stop());
    await waitFor('a failed connect', async () => ((await (await fetch(`${box.url}/api/status`)).json()) as { decoder: { last_error?: string } }).decoder.last_error);
    const { code, report } = await doctorJson(box.url);
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    const decoder = line(report, 'decoder')[0];
    expect(decoder?.verdict).toBe('fail');
    expect(decoder?.text).toContain('ECONNREFUSED');
    expect(decoder?.next).toContain(`tcp://127.0.0.1:${nobody}`);
  }, 60_000);

  test('disk low: the free-space floor above the free space makes the disk line FAIL with the floor', async () => {
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_LOG_MIN_FREE_BYTES: String(2 ** 52) } });
    defer(() => box.stop());
    const { code, report } = await doctorJson(box.url);
    expect(code).toBe(1);
    const disk = line(report, 'disk')[0];
    expect(disk?.verdict).toBe('fail');
    expect(disk?.text).toMatch(/^log refusing records: only \d+ bytes free .*floor 4096 TB/);
    const status = (await (await fetch(`${box.url}/api/status`)).json()) as { log: { min_free_bytes: number; disk_full_episodes: number } };
    expect(status.log).toMatchObject({ min_free_bytes: 2 ** 52, disk_full_episodes: 1 });
  }, 60_000);

  test('cloud unreachable: sync to a closed loopback port is CHECK with the URL and the lag', async () => {
    const closed = await freePort();
    const { token } = issueToken(Buffer.from('a-secret-only-this-test-knows-32-bytes!!'), { track_id: 'club-track', client_id: 'box-1' });
    const box = await startBox({ scenario: 'rc-practice', dataDir: await dataDir(defer), env: { MRE_LOG_MIN_FREE_BYTES: '0', MRE_SYNC_ENABLED: 'true', MRE_SYNC_URL: `http://127.0.0.1:${closed}`, MRE_TRACK_ID: 'club-track', MRE_CLIENT_ID: 'box-1', MRE_SYNC_TOKEN: token } });
    defer(() => box.stop());
    await waitFor('a failed sync', async () => ((await (await fetch(`${box.url}/api/status`)).json()) as { sync: { last_error: string | null } }).sync.last_error);
    const { code, report } = await doctorJson(box.url);
    expect(code).toBe(1);
    const cloud = line(report, 'cloud')[0];
    expect(cloud?.verdict).toBe('check');
    expect(cloud?.text).toMatch(new RegExp(`^cloud http://127\\.0\\.0\\.1:${closed} unreachable \\(\\w+\\), \\d+ envelope\\(s\\)`));
  }, 60_000);

  test('no appliance at the URL: exit 3 naming the URL and systemctl; wrong usage exits 2', async () => {
    const nobody = await freePort();
    const url = `http://127.0.0.1:${nobody}`;
    const text = await runMre(['doctor', '--url', url], { timeoutMs: 30_000 });
    expect(text.code).toBe(3);
    expect(text.stdout).toContain(`cannot reach the appliance at ${url} (ECONNREFUSED)`);
    expect(text.stdout).toContain('systemctl status mre-appliance');
    const json = await runMre(['doctor', '--url', url, '--json'], { timeoutMs: 30_000 });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ url, reachable: false, verdict: 'fail', error: 'ECONNREFUSED' });
    expect((await runMre(['doctor', '--bogus'], { timeoutMs: 30_000 })).code).toBe(2);
    expect((await runMre(['doctor', '--url', 'not-a-url'], { timeoutMs: 30_000 })).code).toBe(2);
  }, 60_000);

  test('a refused config file: `mre appliance firstboot` on a bad mre.toml leaves its problems, and the doctor\'s first line is FAIL config naming each field', async () => {
    const root = await dataDir(defer);
    const boot = join(root, 'boot');
    mkdirSync(boot, { recursive: true });
    writeFileSync(join(boot, 'mre.toml'), '[box]\nhostname = "Not A Name!"\n\n[appliance]\ntrack_id = "doctor-track"\n\n[appliance.http]\nport = 70000\n');
    const applied = await runMre(['appliance', 'firstboot', '--boot', boot, '--root', root], { timeoutMs: 30_000 });
    expect(applied.code, applied.stderr).toBe(1);
    const box = await startBox({ scenario: 'rc-practice', dataDir: join(root, 'var', 'lib', 'mre-appliance'), env: { MRE_LOG_MIN_FREE_BYTES: '0' } });
    defer(() => box.stop());
    const { code, report } = await doctorJson(box.url);
    expect(code).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(report.findings[0]).toMatchObject({ area: 'config', verdict: 'fail' });
    expect(report.findings[0]!.text).toContain(`the box's config file ${join(boot, 'mre.toml')} was not applied`);
    expect(report.findings[0]!.text).toContain('box.hostname: ');
    expect(report.findings[0]!.text).toContain('appliance.http.port: ');
    expect(report.findings[0]!.next).toContain('runs on its previous settings');
    const text = await runMre(['doctor', '--url', box.url], { timeoutMs: 30_000 });
    expect(text.stdout.split('\n')[0]).toMatch(/^FAIL {2}config {2}the box's config file /);
  }, 60_000);
});
