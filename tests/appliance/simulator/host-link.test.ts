/** @module Simulator and its hosts: with waitForHost nothing goes out unheard, a stop hands over every passing sent, the decoder id survives a scenario switch. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAll, resendRequest } from '../../../shared/p3/index.ts';
import { HISTORY_LIMIT, PassingHistory } from '../../../appliance/simulator/history.ts';
import { journalPath } from '../../../appliance/simulator/passing-journal.ts';
import { makeTempDir, removeTempDir, useCleanups } from '../../harness/index.ts';
import { startSimulator, StateFileError, type Simulator, type SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { connectHost, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
captureLogs();

async function simulator(options: Partial<SimulatorOptions>): Promise<Simulator> {
  const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'rc-practice', speed: 500, seed: 4, ...options });
  defer(() => sim.stop());
  return sim;
}

async function host(sim: Simulator): Promise<TcpHost> {
  const h = await connectHost(sim.port!);
  defer(() => h.socket.destroy());
  return h;
}

async function stateFile(): Promise<string> {
  const dir = await makeTempDir('mre-simulator-host');
  defer(() => removeTempDir(dir));
  return join(dir, 'simulator-state.json');
}

const numbers = (h: TcpHost) => h.passings().map((p) => p.passing_number!);
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('simulator and its hosts', () => {
  it('simulator - waitForHost: no passing goes out while no host is connected, and numbering goes on when one is back', async () => {
    const sim = await simulator({ waitForHost: true, firstPassingNumber: 300 });
    // At speed 500 an unheld practice would have sent dozens of passings by now.
    await settle();
    expect(sim.passingsSent).toBe(0);

    const first = await host(sim);
    await first.until('5 passings', () => first.passings().length >= 5);
    // Paused while the host leaves, so it has read all that was sent; resumed, the decoder still waits for a host.
    sim.pause();
    const sentWhileHeard = sim.passingsSent;
    await first.until('every passing sent', () => first.passings().length === sentWhileHeard);
    first.socket.destroy();
    await first.closed;
    sim.resume();
    await settle();
    expect(sim.passingsSent).toBe(sentWhileHeard);

    const second = await host(sim);
    await second.until('3 passings', () => second.passings().length >= 3);
    // Everything the first host did not get before it left was never sent.
    expect(numbers(first)).toEqual(Array.from({ length: sentWhileHeard }, (_, i) => 300 + i));
    expect(numbers(second)[0]).toBe(300 + sentWhileHeard);
  });

  it('simulator - stop hands every passing sent to a host that reads on, before hanging up', async () => {
    const sim = await simulator({ scenario: 'burst', firstPassingNumber: 1 });
    sim.pause();
    const h = await host(sim);
    await h.until('the hello frame', (f) => f.length >= 1);
    sim.resume();
    await h.until('a burst under way', () => h.passings().length >= 3000);
    // A host that falls behind: what it has not read yet waits in the decoder's buffers.
    h.socket.pause();
    let sent = -1;
    while (sim.passingsSent !== sent) {
      sent = sim.passingsSent;
      await settle();
    }
    const stopped = sim.stop();
    h.socket.resume();
    await stopped;
    await h.closed;
    expect(sim.passingsSent).toBeGreaterThan(3000);
    expect(numbers(h)).toEqual(Array.from({ length: sim.passingsSent }, (_, i) => 1 + i));
  });

  it('simulator - the passing journal stays bounded and a restarted simulator still resends the last passings it holds (--hold)', async () => {
    const path = await stateFile();
    const hold = 2000;
    const count = 2 * hold + 500;
    const first = await simulator({ stateFile: path, scenario: 'burst', count, firstPassingNumber: 1, holdPassings: hold });
    await new Promise<void>((resolve) => first.on('passing', (p) => p.passing_number === count && resolve()));
    await first.stop();
    const held = decodeAll(readFileSync(journalPath(path))).good.length;
    expect(held).toBeGreaterThanOrEqual(hold);
    expect(held).toBeLessThanOrEqual(2 * hold);

    const second = await simulator({ stateFile: path, scenario: 'burst', count: 0, holdPassings: hold });
    const h = await host(second);
    h.socket.write(resendRequest(1, count));
    await h.until('the held passings', () => h.passings().length === hold);
    expect(numbers(h)[0]).toBe(count - hold + 1);
    expect(numbers(h)[hold - 1]).toBe(count);
  });

  it('simulator - by default the newest HISTORY_LIMIT passings are held for RESEND', () => {
    expect(new PassingHistory().limit).toBe(HISTORY_LIMIT);
    const small = new PassingHistory(3);
    for (let n = 1; n <= 5; n++) small.add(n, Uint8Array.of(n));
    expect(small.range(1, 5)).toEqual([3, 4, 5].map((n) => Uint8Array.of(n)));
  });

  it('simulator - a state file keeps the decoder id across a scenario switch, and refuses another configured id', async () => {
    const path = await stateFile();
    const rc = await simulator({ stateFile: path, count: 3 });
    const h1 = await host(rc);
    await h1.until('3 passings', () => h1.passings().length === 3);
    await rc.stop();

    const bmx = await simulator({ stateFile: path, scenario: 'bmx-motos', count: 2 });
    expect(bmx.decoderId).toBe(rc.decoderId);
    const h2 = await host(bmx);
    await h2.until('2 passings', () => h2.passings().length === 2);
    expect(h2.passings().map((p) => [p.decoder_id, p.passing_number])).toEqual([
      [rc.decoderId, 100_003],
      [rc.decoderId, 100_004],
    ]);
    await bmx.stop();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ next_passing_number: 100_005, decoder_id: rc.decoderId });

    await expect(startSimulator({ tcpPort: 0, scenario: 'rc-practice', stateFile: path, decoderId: 0x1234 })).rejects.toThrow(StateFileError);
    await expect(startSimulator({ tcpPort: 0, scenario: 'rc-practice', stateFile: path, decoderId: 0x1234 })).rejects.toThrow(/decoder 0x00041813, not 0x00001234/);
  });

  it('simulator - a state file in a folder that does not exist is refused at start, naming the journal it needs', async () => {
    const path = join(await stateFile(), 'missing', 'state.json');
    await expect(startSimulator({ tcpPort: 0, scenario: 'rc-practice', stateFile: path })).rejects.toThrow(StateFileError);
    await expect(startSimulator({ tcpPort: 0, scenario: 'rc-practice', stateFile: path })).rejects.toThrow(/state\.passings\.p3 cannot be opened/);
  });
});
