/** @module Simulator over TCP: hello, STATUS and consecutive PASSINGs; the 4-client limit; dropped clients; silence. */
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../harness/index.ts';
import { resendRequest } from '../../../shared/p3/index.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { connectHost, isType, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
const logs = captureLogs();

/** Started paused, so no passing goes out before the test's clients are connected. */
async function simulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'rc-practice', speed: 200, seed: 11, ...options });
  sim.pause();
  defer(() => sim.stop());
  return sim;
}

async function host(sim: Simulator): Promise<TcpHost> {
  const h = await connectHost(sim.port!);
  defer(() => h.socket.destroy());
  await h.until('the hello frame', (f) => f.length >= 1);
  return h;
}

const numbers = (h: TcpHost) => h.passings().map((p) => p.passing_number!);
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('simulator over TCP', () => {
  it('simulator - a TCP client gets the 0x001C hello, STATUS frames and consecutive PASSINGs, all with valid CRCs', async () => {
    const sim = await simulator({ count: 20, firstPassingNumber: 500 });
    const h = await host(sim);
    sim.resume();
    await h.until('20 passings and 2 STATUS', (f) => f.filter(isType('PASSING')).length === 20 && f.filter(isType('STATUS')).length >= 2);

    const hello = h.frames[0]!.record;
    expect(hello).toMatchObject({ type: 'TOR_0x001C', tor: 0x1c, version: 2, crc_ok: true, decoder_id: 0x00041813 });
    expect(hello.unknown_fields?.['0x01']).toMatch(/^[0-9a-f]{16}$/);
    expect(h.frames.filter(isType('TOR_0x001C'))).toHaveLength(1);
    expect(h.bad()).toBe(0);
    expect(numbers(h)).toEqual(range(500, 20));
    expect(sim.passingsSent).toBe(20);
    expect(sim.lastPassingNumber).toBe(519);
    expect(logs).toContain(`<6>appliance:simulator: listening host=127.0.0.1 port=${sim.port}`);
    const status = h.frames.find(isType('STATUS'))!.record;
    expect(status).toMatchObject({ decoder_id: 0x00041813, gps: 0 });
    expect(Object.keys(status)).toEqual(expect.arrayContaining(['noise', 'temperature', 'input_voltage']));
  });

  it('simulator - serves at most 4 clients the same stream and closes a 5th at once', async () => {
    const sim = await simulator({ count: 5 });
    const hosts = [await host(sim), await host(sim), await host(sim), await host(sim)];
    const fifth = await connectHost(sim.port!);
    defer(() => fifth.socket.destroy());
    await fifth.closed;
    expect(fifth.frames).toHaveLength(0);
    expect(sim.clients()).toBe(4);
    expect(logs.filter((l) => l.startsWith('<4>appliance:simulator: client refused'))).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith('<6>appliance:simulator: client connected'))).toHaveLength(4);

    sim.resume();
    for (const h of hosts) await h.until('5 passings', (f) => f.filter(isType('PASSING')).length === 5);
    const first = hosts[0]!.passings();
    for (const h of hosts) expect(h.passings()).toEqual(first);
  });

  it('simulator - pause stops passings while STATUS goes on, and resume continues the numbering', async () => {
    const sim = await simulator({ firstPassingNumber: 300, speed: 500 });
    const h = await host(sim);
    sim.resume();
    await h.until('3 passings', () => h.passings().length >= 3);
    sim.pause();
    const sentAtPause = sim.passingsSent;
    const statusAtPause = h.frames.filter(isType('STATUS')).length;
    // Measured in STATUS frames: 20 of them are 100 s of decoder time, several laps of every car.
    await h.until('20 STATUS while paused', (f) => f.filter(isType('STATUS')).length >= statusAtPause + 20);
    expect(sim.passingsSent).toBe(sentAtPause);
    expect(h.passings()).toHaveLength(sentAtPause);

    sim.resume();
    await h.until('a passing after the pause', () => h.passings().length > sentAtPause);
    expect(numbers(h)).toEqual(range(300, h.passings().length));
  });

  it('simulator - dropClients closes every client and keeps listening', async () => {
    const sim = await simulator();
    const a = await host(sim);
    const b = await host(sim);
    sim.dropClients();
    await Promise.all([a.closed, b.closed]);
    const again = await host(sim);
    expect(again.frames[0]!.record.type).toBe('TOR_0x001C');
    expect(sim.clients()).toBe(1);
  });

  it('simulator - silence sends nothing while passings go on, and RESEND recovers the silent ones', async () => {
    const sim = await simulator({ firstPassingNumber: 9000 });
    const h = await host(sim);
    const silent: number[] = [];
    sim.on('passing', (p) => {
      // Listeners hear a passing once it went out: silent for the 4th to the 7th, counted in passings, not in time.
      if (p.passing_number === 9002) sim.silence(true);
      if (p.passing_number! >= 9003 && p.passing_number! <= 9006) silent.push(p.passing_number!);
      if (p.passing_number === 9006) sim.silence(false);
    });
    sim.resume();
    await h.until('passings after the silence', (f) => f.filter(isType('PASSING')).length >= 5);
    sim.pause();
    expect(silent).toEqual([9003, 9004, 9005, 9006]);
    expect(numbers(h).slice(0, 4)).toEqual([9000, 9001, 9002, 9007]);

    h.socket.write(resendRequest(9003, 9006));
    await h.until('the resent passings', () => numbers(h).some((n) => n === 9006));
    expect(numbers(h).filter((n) => n >= 9003 && n <= 9006)).toEqual(silent);
  });
});
