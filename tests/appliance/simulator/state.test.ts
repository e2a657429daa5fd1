/** @module Simulator passing counter: persistent across runs through the state file, reserved ahead of use, and dropPassings() gaps. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, useCleanups, waitFor } from '../../harness/index.ts';
import { RESERVE_BLOCK } from '../../../appliance/simulator/state-file.ts';
import { startSimulator, StateFileError, type Simulator, type SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { connectHost, startAndConnect, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
captureLogs();

async function stateFile(): Promise<string> {
  const dir = await makeTempDir('mre-simulator-state');
  defer(() => removeTempDir(dir));
  return join(dir, 'decoder-state.json');
}

async function run(options: Partial<SimulatorOptions> & { count: number }): Promise<{ sim: Simulator; h: TcpHost }> {
  const { sim, h } = await startAndConnect({ tcpPort: 0, host: '127.0.0.1', scenario: 'rc-practice', speed: 500, seed: 3, ...options }, defer);
  await h.until(`${options.count} passings`, () => h.passings().length === options.count);
  return { sim, h };
}

const numbers = (h: TcpHost) => h.passings().map((p) => p.passing_number!);
const readNext = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { next_passing_number: number }).next_passing_number;

describe('simulator passing counter', () => {
  it('simulator - passing numbers continue across a stop and start with the same state file', async () => {
    const path = await stateFile();
    const first = await run({ stateFile: path, firstPassingNumber: 700, count: 5 });
    expect(numbers(first.h)).toEqual([700, 701, 702, 703, 704]);
    await first.sim.stop();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ next_passing_number: 705, decoder_id: 0x00041813 });

    // firstPassingNumber only applies when there is no state file yet.
    const second = await run({ stateFile: path, firstPassingNumber: 1, count: 3 });
    expect(numbers(second.h)).toEqual([705, 706, 707]);
  });

  it('simulator - the state file is ahead of every number sent, so a crash can leave a gap but never repeat one', async () => {
    const path = await stateFile();
    const { sim } = await run({ stateFile: path, firstPassingNumber: 50, count: 3 });
    // Not stopped: this is what a power cut would leave on disk.
    expect(readNext(path)).toBeGreaterThan(sim.lastPassingNumber!);
  });

  it('simulator - the next block is on disk while half of this one is left, never more than a block past the next number', async () => {
    const path = await stateFile();
    const { sim } = await run({ stateFile: path, firstPassingNumber: 1000, count: 70 });
    const next = sim.lastPassingNumber! + 1;
    // The first block ends at 1100; at 1050 the next one is written in the background.
    const reserved = await waitFor('the next block reserved', () => (readNext(path) > 1100 ? readNext(path) : undefined));
    expect(reserved).toBeLessThanOrEqual(next + RESERVE_BLOCK);
  });

  it('simulator - dropPassings(n) consumes n passing numbers without sending them', async () => {
    const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'rc-practice', speed: 500, seed: 3, firstPassingNumber: 1000, count: 5 });
    sim.pause();
    defer(() => sim.stop());
    // A listener hears a passing after it went out, so the gap opens right after 1002.
    sim.on('passing', (p) => {
      if (p.passing_number === 1002) sim.dropPassings(10);
    });
    const h = await connectHost(sim.port!);
    defer(() => h.socket.destroy());
    await h.until('the hello frame', (f) => f.length >= 1);
    sim.resume();
    await h.until('5 passings', () => h.passings().length === 5);
    expect(numbers(h)).toEqual([1000, 1001, 1002, 1013, 1014]);
    expect(sim.lastPassingNumber).toBe(1014);
  });

  it('simulator - refuses a state file it cannot read, naming it', async () => {
    const path = await stateFile();
    writeFileSync(path, '{"next_passing_number": "soon"}');
    const starting = startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'burst', stateFile: path });
    await expect(starting).rejects.toThrow(StateFileError);
    await expect(starting).rejects.toThrow(path);
  });
});
