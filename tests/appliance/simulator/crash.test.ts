/** @module A simulator process killed with -9 comes back as the same decoder: numbering right after the last passing it sent, and RESEND for the ones before. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resendRequest, toHex, type PassingRecord } from '../../../shared/p3/index.ts';
import { makeTempDir, removeTempDir, terminate, useCleanups } from '../../harness/index.ts';
import { connectHost, isType, type TcpHost } from './p3-client.ts';
import { startSimulate } from './processes.ts';

const defer = useCleanups();
const FIRST = 100_000;

async function host(port: number): Promise<TcpHost> {
  const h = await connectHost(port);
  defer(() => h.socket.destroy());
  return h;
}

const numbers = (h: TcpHost) => h.passings().map((p) => p.passing_number!);

describe('simulator crash', () => {
  it('simulator - after kill -9 the restarted simulator numbers on from the last passing it sent and resends every earlier one byte for byte', async () => {
    const dir = await makeTempDir('mre-simulator-crash');
    defer(() => removeTempDir(dir));
    const args = ['--scenario', 'rc-practice', '--speed', '200', '--seed', '11', '--state', join(dir, 'decoder-state.json')];

    const first = await startSimulate(args, defer);
    const before = await host(first.port);
    await before.until('some passings', () => before.passings().length >= 20);
    await terminate(first.tracked, 'SIGKILL');
    const heard = new Map(before.frames.filter(isType('PASSING')).map((d) => [(d.record as PassingRecord).passing_number!, toHex(d.frame.raw)]));

    const second = await startSimulate(args, defer);
    const after = await host(second.port);
    await after.until('a passing of the new run', () => after.passings().length >= 1);
    const next = numbers(after)[0]!;
    // Nothing heard before the kill comes again under its number.
    expect(next).toBeGreaterThan(Math.max(...heard.keys()));

    after.socket.write(resendRequest(FIRST, next - 1));
    const resent = () => after.frames.filter(isType('PASSING')).filter((d) => (d.record as PassingRecord).passing_number! < next);
    await after.until('the resent passings', () => resent().length >= next - FIRST);
    const resentNumbers = resent().map((d) => (d.record as PassingRecord).passing_number!);
    // Every number up to the new run's first was sent before the kill: no gap, no repeat.
    expect(resentNumbers).toEqual(Array.from({ length: next - FIRST }, (_, i) => FIRST + i));
    for (const d of resent()) {
      const n = (d.record as PassingRecord).passing_number!;
      if (heard.has(n)) expect(toHex(d.frame.raw)).toBe(heard.get(n));
    }
  }, 60_000);
});
