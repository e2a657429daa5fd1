/** @module Simulator on a serial line: a socat pty pair stands in for the cable; requests answered; a hang-up is survived. */
import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { getTimeRequest } from '../../../shared/p3/index.ts';
import {
  makeTempDir, openPtyPair, removeTempDir, resolveExecutable, terminate, trackChild, useCleanups, waitForReady,
} from '../../harness/index.ts';
import { startSimulator } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { isType, p3Host, type P3Host } from './p3-client.ts';

const defer = useCleanups();
const logs = captureLogs();

/** The host's end of the cable, read with the same serial library an appliance would use. */
async function serialHost(path: string): Promise<{ host: P3Host; port: SerialPort }> {
  const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  const host = p3Host();
  port.on('data', (chunk: Buffer) => host.push(chunk));
  // The far end vanishing is part of one test; it shows up here as an error or a close.
  port.on('error', () => undefined);
  defer(() => (port.isOpen ? new Promise<void>((resolve) => port.close(() => resolve())) : undefined));
  return { host, port };
}

/** socat with fixed link names, so a restarted pair appears at the same path like a replugged adapter. */
async function socatAt(dir: string) {
  const [a, b] = [join(dir, 'decoder'), join(dir, 'host')];
  const tracked = trackChild(spawn(resolveExecutable('socat'), ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'pipe', 'pipe'] }));
  defer(() => terminate(tracked, 'SIGKILL'));
  await waitForReady(tracked, {
    name: 'socat',
    missingHint: 'install the Debian package socat',
    timeoutMs: 10_000,
    poll: async () => [await realpath(a), await realpath(b)],
  });
  return { a, b, kill: () => terminate(tracked, 'SIGKILL') };
}

describe('simulator on a serial line', () => {
  it('simulator - writes STATUS and PASSINGs to a pty and answers a GET_TIME written from the other end', async () => {
    const pair = await openPtyPair();
    defer(() => pair.stop());
    const { host, port } = await serialHost(pair.b);
    const sim = await startSimulator({ serialPath: pair.a, scenario: 'rc-practice', speed: 500, seed: 9, count: 6, firstPassingNumber: 3000 });
    defer(() => sim.stop());
    expect(sim.port).toBeUndefined();

    await host.until('6 passings and a STATUS', (f) => f.filter(isType('PASSING')).length === 6 && f.some(isType('STATUS')));
    expect(host.passings().map((p) => p.passing_number)).toEqual([3000, 3001, 3002, 3003, 3004, 3005]);
    // No TCP connect on a serial line, so no 0x001C hello either.
    expect(host.frames.some(isType('TOR_0x001C'))).toBe(false);
    expect(host.bad()).toBe(0);

    port.write(getTimeRequest());
    await host.until('a GET_TIME answer', (f) => f.some(isType('GET_TIME')));
    expect(host.frames.find(isType('GET_TIME'))!.record).toMatchObject({ crc_ok: true, decoder_id: 0x00041813 });
  });

  it('simulator - reopens the serial port with a new instance after the line hangs up', async () => {
    const dir = await makeTempDir('mre-simulator-serial');
    defer(() => removeTempDir(dir));
    const first = await socatAt(dir);
    const sim = await startSimulator({ serialPath: first.a, scenario: 'burst', speed: 1, firstPassingNumber: 1 });
    defer(() => sim.stop());
    sim.pause();
    const before = await serialHost(first.b);
    sim.resume();
    await before.host.until('passings before the hang-up', () => before.host.passings().length >= 10);

    sim.pause();
    await first.kill();
    await expect.poll(() => logs.some((l) => l.startsWith('<4>appliance:simulator: serial port closed, reopening'))).toBe(true);
    const second = await socatAt(dir);
    const after = await serialHost(second.b);
    await expect.poll(() => logs.filter((l) => l.startsWith('<6>appliance:simulator: serial port open')).length, { timeout: 10_000 }).toBe(2);
    sim.resume();
    await after.host.until('passings after the reopen', () => after.host.passings().length >= 10);
    const lastBefore = before.host.passings().at(-1)!.passing_number!;
    expect(after.host.passings()[0]!.passing_number).toBeGreaterThan(lastBefore);
  });
});
