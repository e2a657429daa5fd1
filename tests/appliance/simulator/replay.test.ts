/** @module Simulator replay: a capture re-sent byte for byte and in order at its recorded pace, then STATUS as the decoder carries on. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeRecord, hexTextToBytes, toHex, type PassingRecord } from '../../../shared/p3/index.ts';
import { frameTimes } from '../../../appliance/simulator/scenarios/replay.ts';
import { makeTempDir, removeTempDir, useCleanups } from '../../harness/index.ts';
import { describeWithShared, sharedPath } from '../../support/shared-fixtures.ts';
import type { SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { isType, startAndConnect, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
captureLogs();

const DECODER = 0x00020f93;
const T0 = 1_437_769_372_993_000;
const status = (noise: number) => encodeRecord({ type: 'STATUS', tor: 2, version: 2, noise, temperature: 30, input_voltage: 121, gps: 0, decoder_id: DECODER });
const passing = (n: number, rtc: number) =>
  encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: n, transponder: 2906141, rtc_time_us: rtc, strength: 106, hits: 50, flags: 0, decoder_id: DECODER });

/** A capture as the project encoder writes it, with an escaped byte and a frame whose CRC was damaged in capture. */
function capture(): Uint8Array[] {
  const damaged = Uint8Array.from(passing(99, T0 + 500_000));
  damaged[14] = damaged[14]! ^ 0x01;
  return [
    status(40),
    passing(113_736, T0),
    status(41),
    status(39),
    damaged,
    // 0x8E in the RTC bytes travels escaped (8D AE).
    passing(113_737, T0 + 1_500_000 - ((T0 + 1_500_000) % 256) + 0x8e),
    status(44),
    passing(113_738, T0 + 3_000_000),
    status(40),
  ];
}

async function replayTo(path: string, options: Partial<SimulatorOptions> = {}): Promise<TcpHost> {
  return (await startAndConnect({ tcpPort: 0, host: '127.0.0.1', scenario: { replay: path }, ...options }, defer)).h;
}

async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await makeTempDir('mre-simulator-replay');
  defer(() => removeTempDir(dir));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const helloLength = (h: TcpHost) => h.frames[0]!.frame.raw.length;

describe('simulator replay', () => {
  it('simulator - replays a hex capture byte for byte and in order, then keeps sending STATUS', async () => {
    const frames = capture();
    expect(frames.some((f) => toHex(f).includes('8dae'))).toBe(true);
    const bytes = Buffer.concat(frames);
    const text = `# capture built by the test\n${frames.map((f) => toHex(f)).join('\n')}\n`;
    const h = await replayTo(await tempFile('session.hex', text), { speed: 200 });
    // Six STATUS in the capture; the seventh comes from the decoder carrying on after it.
    await h.until('the capture and a STATUS after it', (f) => f.filter(isType('STATUS')).length >= 7);

    expect(h.frames[0]!.record).toMatchObject({ type: 'TOR_0x001C', decoder_id: DECODER });
    const received = h.bytes();
    expect(toHex(received.subarray(helloLength(h), helloLength(h) + bytes.length))).toBe(toHex(bytes));
    expect(h.bad()).toBe(1);
    expect(h.passings().map((p) => p.passing_number)).toEqual([113_736, 113_737, 113_738]);
    const after = h.frames.filter(isType('STATUS')).slice(6);
    for (const { record } of after) expect(record.decoder_id).toBe(DECODER);
  });

  it('simulator - replay pace: frames between two passings spread evenly, others on the 5 s STATUS cadence', () => {
    const frames = capture();
    // decodeAll keeps good frames only; the damaged one has no time of its own either way.
    const good = decodeAll(Buffer.concat(frames.filter((_, i) => i !== 4))).good;
    const t1 = (good[4]!.record as PassingRecord).rtc_time_us! - T0;
    const s = (us: number) => us + 5_000_000;
    expect(frameTimes(good)).toEqual([0, s(0), s(Math.round(t1 / 3)), s(Math.round((2 * t1) / 3)), s(t1), s(t1 + Math.round((3_000_000 - t1) / 2)), s(3_000_000), s(8_000_000)]);
    // A decoder clock that steps back is held, never turned into a negative gap.
    const back = decodeAll(Buffer.concat([passing(1, T0), status(40), passing(2, T0 - 60_000_000), passing(3, T0 + 1_000_000)])).good;
    expect(frameTimes(back)).toEqual([0, 0, 0, 1_000_000]);
  });

  it('simulator - replays a raw capture and stops after count passings', async () => {
    const frames = capture();
    const h = await replayTo(await tempFile('session.bin', Buffer.concat(frames)), { speed: 200, count: 2 });
    await h.until('STATUS from the decoder after the cut', (f) => f.filter(isType('STATUS')).length >= 5);
    expect(h.passings().map((p) => p.passing_number)).toEqual([113_736, 113_737]);
    // Everything up to and including the second passing, byte for byte; nothing of the capture after it.
    const upTo = Buffer.concat(frames.slice(0, 6));
    const received = h.bytes().subarray(helloLength(h));
    expect(toHex(received.subarray(0, upTo.length))).toBe(toHex(upTo));
    expect(h.frames.some(({ record }) => (record as PassingRecord).passing_number === 113_738)).toBe(false);
  });
});

const VMINDRU = 'fixtures/p3/vmindru_amb-short_2019-03-02.hexlines.txt';
describeWithShared('simulator replay of a real capture', [VMINDRU], () => {
  it('simulator - replays the vmindru AMBrc capture byte for byte', async () => {
    const path = sharedPath(VMINDRU);
    const bytes = hexTextToBytes(readFileSync(path, 'utf8'));
    // 16:06 to 17:40 of racing in about half a second.
    const h = await replayTo(path, { speed: 10_000 });
    await h.until('the whole capture', () => h.bytes().length >= helloLength(h) + bytes.length, 20_000);
    expect(h.frames[0]!.record.decoder_id).toBe(0x00041813);
    expect(toHex(h.bytes().subarray(helloLength(h), helloLength(h) + bytes.length))).toBe(toHex(bytes));
    expect(h.passings()).toHaveLength(83);
    expect(h.bad()).toBe(0);
  });
});
