/** @module `mre simulate` end to end: the real command serving TCP until SIGTERM, and its usage errors. */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRecord, toHex, type DecodedFrame } from '../../../shared/p3/index.ts';
import { freePort, makeTempDir, removeTempDir, terminate, trackChild, useCleanups, waitForReady } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { connectHost, isType } from './p3-client.ts';

const defer = useCleanups();

/** Starts the real command on a free port and waits for its "simulating … on tcp://…" line. */
async function startMre(args: string[], expectLine: (port: number) => string) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'simulate', '--tcp', String(port), '--host', '127.0.0.1', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = trackChild(child);
  defer(() => terminate(tracked, 'SIGKILL'));
  await waitForReady(tracked, {
    name: 'mre simulate',
    missingHint: 'run from a checkout with node_modules installed',
    timeoutMs: 20_000,
    poll: async () => (tracked.output().includes(expectLine(port)) ? true : undefined),
  });
  const h = await connectHost(port);
  defer(() => h.socket.destroy());
  return { tracked, h };
}

describe('cli simulate', () => {
  it('simulator - mre simulate serves a decoder on TCP and exits 0 on SIGTERM', async () => {
    const { tracked, h } = await startMre(['--speed', '200', '--seed', '4'], (port) => `<6>cli:simulate: simulating rc-practice on tcp://127.0.0.1:${port} (decoder 0x00041813)`);
    await h.until('hello, STATUS and a PASSING', (f) => f.some(isType('TOR_0x001C')) && f.some(isType('STATUS')) && f.some(isType('PASSING')));
    expect(h.bad()).toBe(0);

    tracked.child.kill('SIGTERM');
    expect(await tracked.exited).toEqual({ code: 0, signal: null });
    expect(tracked.output()).toContain('<6>appliance:simulator: stopped');
    await h.closed;
  });

  it('simulator - mre simulate --scenario replay FILE replays the capture under its own decoder id', async () => {
    const dir = await makeTempDir('mre-simulate-cli');
    defer(() => removeTempDir(dir));
    const path = join(dir, 'capture.hex');
    const passing = (n: number, rtc: number) =>
      encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: n, transponder: 5691251, rtc_time_us: rtc, strength: 178, hits: 52, flags: 0, decoder_id: 0x00020f93 });
    // The replay starts with the command; the second passing comes 30 s (3 s at speed 10) later, after the test has connected.
    const second = passing(78, 1_551_542_838_933_000);
    writeFileSync(path, `${toHex(passing(77, 1_551_542_808_933_000))}\n${toHex(second)}\n`);
    const { tracked, h } = await startMre(['--scenario', 'replay', path, '--speed', '10'], (port) => `on tcp://127.0.0.1:${port} (decoder 0x00020F93)`);
    const is78 = (d: DecodedFrame) => d.record.type === 'PASSING' && d.record.passing_number === 78;
    await h.until('the second replayed passing', (f) => f.some(is78));
    expect(h.frames[0]!.record.decoder_id).toBe(0x00020f93);
    expect(toHex(h.frames.find(is78)!.frame.raw)).toBe(toHex(second));
    tracked.child.kill('SIGINT');
    expect((await tracked.exited).code).toBe(0);
  });

  it('simulator - mre simulate --wait-for-host holds a burst until a host connects, which then gets every passing from the first number', async () => {
    const { h } = await startMre(['--scenario', 'burst', '--count', '300', '--wait-for-host'], (port) => `simulating burst on tcp://127.0.0.1:${port}`);
    await h.until('300 passings', (f) => f.filter(isType('PASSING')).length >= 300);
    const numbers = h.frames.map((d) => d.record).flatMap((r) => (r.type === 'PASSING' ? [r.passing_number] : []));
    expect(numbers).toEqual(Array.from({ length: 300 }, (_, i) => 100_000 + i));
    const serial = await runMre(['simulate', '--serial', '/dev/ttyUSB0', '--wait-for-host']);
    expect(serial.code).toBe(2);
    expect(serial.stderr).toBe('mre simulate: --wait-for-host is for --tcp: a serial line cannot tell whether a host listens\n');
  });

  it('simulator - mre simulate exits 2 with one line for --tcp and --serial together', async () => {
    const result = await runMre(['simulate', '--tcp', '5403', '--serial', '/dev/ttyUSB0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mre simulate: give exactly one of --tcp PORT or --serial PATH\n');
  });

  it('simulator - mre simulate exits 2 for an unknown scenario, a replay without a file and a bad number', async () => {
    const unknown = await runMre(['simulate', '--tcp', '5403', '--scenario', 'enduro']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('mre simulate: unknown scenario "enduro" (choose rc-practice, bmx-motos, burst or replay)\n');
    const noFile = await runMre(['simulate', '--tcp', '5403', '--scenario', 'replay']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr.trim().split('\n')).toHaveLength(1);
    const badSpeed = await runMre(['simulate', '--tcp', '5403', '--speed', 'fast']);
    expect(badSpeed.code).toBe(2);
    expect(badSpeed.stderr).toContain('--speed');
    const neither = await runMre(['simulate']);
    expect(neither.code).toBe(2);
  });

  it('simulator - mre simulate exits 2 for --state with a replay, whose capture brings its own numbers', async () => {
    const result = await runMre(['simulate', '--tcp', '0', '--scenario', 'replay', 'capture.hex', '--state', 'decoder-state.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mre simulate: --state is not for a replay: the capture brings its own decoder id and passing numbers\n');
  });

  it('simulator - mre simulate --help names every option and says serial settings are undocumented', async () => {
    const result = await runMre(['simulate', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--tcp', '--serial', '--scenario', '--file', '--speed', '--count', '--seed', '--state', '--decoder-id', '--host', '--baud', '--wait-for-host']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toMatch(/not documented/);
  });
});
