/** @module Simulator answers host requests: GET_TIME with its (wrong) clock, VERSION, and RESEND with the original bytes. */
import { describe, expect, it } from 'vitest';
import { getTimeRequest, resendRequest, toHex, versionRequest, type GetTimeRecord } from '../../../shared/p3/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { connectHost, isType, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
captureLogs();

async function connected(options: Partial<SimulatorOptions> = {}): Promise<{ sim: Simulator; h: TcpHost }> {
  const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: 'rc-practice', speed: 200, seed: 5, ...options });
  sim.pause();
  defer(() => sim.stop());
  const h = await connectHost(sim.port!);
  defer(() => h.socket.destroy());
  await h.until('the hello frame', (f) => f.length >= 1);
  return { sim, h };
}

describe('simulator requests', () => {
  it('simulator - answers GET_TIME with its own clock: host clock plus the decoder offset', async () => {
    // A clock that stands still makes the expected reading exact; the decoder runs an hour and 0.25 s slow.
    const hostMs = 1_551_542_808_933;
    const offsetUs = -3_600_250_000;
    const { h } = await connected({ speed: 1, clock: () => hostMs, clockOffsetUs: offsetUs });
    h.socket.write(getTimeRequest());
    await h.until('a GET_TIME answer', (f) => f.some(isType('GET_TIME')));
    const answer = h.frames.find(isType('GET_TIME'))!.record;
    expect(answer).toMatchObject({ type: 'GET_TIME', crc_ok: true, decoder_id: 0x00041813, rtc_time_us: hostMs * 1000 + offsetUs });
  });

  it('simulator - answers GET_TIME near the real clock when no clock is injected', async () => {
    const { h } = await connected({ speed: 1, clockOffsetUs: 7_000_000 });
    const before = Date.now() * 1000 + 7_000_000;
    h.socket.write(getTimeRequest());
    await h.until('a GET_TIME answer', (f) => f.some(isType('GET_TIME')));
    const after = Date.now() * 1000 + 7_000_000;
    const rtc = (h.frames.find(isType('GET_TIME'))!.record as GetTimeRecord).rtc_time_us!;
    // RC decoders report whole milliseconds.
    expect(rtc % 1000).toBe(0);
    expect(rtc).toBeGreaterThanOrEqual(before - 1000);
    expect(rtc).toBeLessThanOrEqual(after);
  });

  it('simulator - answers a VERSION request with its type, description and id', async () => {
    const { h } = await connected({ scenario: 'bmx-motos' });
    h.socket.write(versionRequest());
    await h.until('a VERSION answer', (f) => f.some(isType('VERSION')));
    expect(h.frames.find(isType('VERSION'))!.record).toMatchObject({
      type: 'VERSION', crc_ok: true, decoder_type: 0x11, description: 'MRE simulator', decoder_id: 0x000c00d0,
    });
    expect(h.frames.find(isType('VERSION'))!.record).toHaveProperty('firmware_version');
  });

  it('simulator - RESEND from/until sends the held passings again, byte for byte', async () => {
    const { sim, h } = await connected({ count: 10, firstPassingNumber: 41_000 });
    sim.resume();
    await h.until('10 passings', (f) => f.filter(isType('PASSING')).length === 10);
    const originals = h.frames.filter(isType('PASSING'));
    const sentBefore = sim.passingsSent;

    h.socket.write(resendRequest(41_002, 41_005));
    await h.until('4 resent passings', (f) => f.filter(isType('PASSING')).length === 14);
    const resent = h.frames.filter(isType('PASSING')).slice(10);
    expect(resent.map((d) => d.record.type === 'PASSING' && d.record.passing_number)).toEqual([41_002, 41_003, 41_004, 41_005]);
    expect(resent.map((d) => toHex(d.frame.raw))).toEqual(originals.slice(2, 6).map((d) => toHex(d.frame.raw)));
    expect(sim.passingsSent).toBe(sentBefore);

    // A range the decoder no longer (or never) held gets nothing, and the link stays up.
    h.socket.write(resendRequest(1, 40_999));
    h.socket.write(getTimeRequest());
    await h.until('the GET_TIME after it', (f) => f.some(isType('GET_TIME')));
    expect(h.frames.filter(isType('PASSING'))).toHaveLength(14);
  });
});
