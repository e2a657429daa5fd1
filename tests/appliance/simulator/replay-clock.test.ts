/** @module Simulator replay keeps its capture's clock: GET_TIME answers from the last replayed RTC time, so a 2019 session lands on today's board. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAll, encodeRecord, getTimeRequest, hexTextToBytes, toHex, type GetTimeRecord, type PassingRecord } from '../../../shared/p3/index.ts';
import { startSimulator } from '../../../appliance/simulator/index.ts';
import { makeTempDir, removeTempDir, useCleanups, waitFor } from '../../harness/index.ts';
import { describeWithShared, sharedPath } from '../../support/shared-fixtures.ts';
import { captureLogs } from './log-capture.ts';
import { connectHost, isType, type TcpHost } from './p3-client.ts';
import { startBox, startSimulate } from './processes.ts';

const defer = useCleanups();
captureLogs();

const DECODER = 0x00041813;
const T0 = 1_551_542_808_933_000;
const SPEED = 100;
const passing = (n: number, rtc: number) =>
  encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: n, transponder: 5_691_251, rtc_time_us: rtc, strength: 170, hits: 50, flags: 0, decoder_id: DECODER });
const status = () => encodeRecord({ type: 'STATUS', tor: 2, version: 2, noise: 40, temperature: 22, input_voltage: 118, gps: 0, decoder_id: DECODER });

async function captureFile(frames: Uint8Array[]): Promise<string> {
  const dir = await makeTempDir('mre-replay-clock');
  defer(() => removeTempDir(dir));
  const path = join(dir, 'session.hex');
  writeFileSync(path, frames.map((f) => toHex(f)).join('\n') + '\n');
  return path;
}

/** Sends GET_TIME and returns the answer's RTC time. */
async function getTime(h: TcpHost): Promise<number> {
  const before = h.frames.filter(isType('GET_TIME')).length;
  h.socket.write(getTimeRequest());
  await h.until('a GET_TIME answer', (f) => f.filter(isType('GET_TIME')).length > before);
  return (h.frames.filter(isType('GET_TIME'))[before]!.record as GetTimeRecord).rtc_time_us!;
}

describe('simulator replay clock', () => {
  it('simulator - replay answers GET_TIME from the capture clock: first RTC time, then the last replayed record plus elapsed time times the speed', async () => {
    const path = await captureFile([passing(1, T0), status(), passing(2, T0 + 3_000_000), status()]);
    // A host clock that moves only when the test moves it makes every reading exact.
    let hostMs = Date.UTC(2026, 11, 4, 9);
    const sim = await startSimulator({ tcpPort: 0, host: '127.0.0.1', scenario: { replay: path }, speed: SPEED, clock: () => hostMs });
    sim.pause();
    defer(() => sim.stop());
    const h = await connectHost(sim.port!);
    defer(() => h.socket.destroy());
    await h.until('the hello frame', (f) => f.length >= 1);

    // Before the first record: the capture's first RTC time, running at the replay's speed.
    expect(await getTime(h)).toBe(T0);
    hostMs += 20;
    expect(await getTime(h)).toBe(T0 + 20_000 * SPEED);

    sim.resume();
    await h.until('both passings', () => h.passings().length === 2);
    expect(await getTime(h)).toBe(T0 + 3_000_000);
    hostMs += 7;
    expect(await getTime(h)).toBe(T0 + 3_000_000 + 7_000 * SPEED);

    // After the capture the decoder carries on with STATUS; nothing it makes carries the host's clock.
    await h.until('a STATUS of its own', (f) => f.filter(isType('STATUS')).length >= 3);
    hostMs += 5;
    expect(await getTime(h)).toBe(T0 + 3_000_000 + 12_000 * SPEED);
    const hostUs = hostMs * 1000;
    for (const { record } of h.frames) {
      const rtc = (record as { rtc_time_us?: number }).rtc_time_us;
      if (rtc !== undefined) expect(Math.abs(rtc - hostUs)).toBeGreaterThan(365 * 86_400e6);
    }
  });

  it('simulator - replay refuses a clock offset, since the capture brings its own clock', async () => {
    const path = await captureFile([passing(1, T0)]);
    await expect(startSimulator({ tcpPort: 0, scenario: { replay: path }, clockOffsetUs: 1_000_000 })).rejects.toThrow(/clockOffsetUs does not apply to a replay/);
  });
});

const VMINDRU = 'fixtures/p3/vmindru_amb-short_2019-03-02.hexlines.txt';

interface PracticeRow {
  transponder: number | null;
  laps: number;
}

describeWithShared('simulator replay clock on the box', [VMINDRU], () => {
  it('simulator - a replayed 2019 capture fills the practice board of a box started today, with no clock offset typed in', async () => {
    const capture = sharedPath(VMINDRU);
    const passings = decodeAll(hexTextToBytes(readFileSync(capture, 'utf8'))).good.flatMap(({ record }) => (record.type === 'PASSING' ? [record as PassingRecord] : []));
    const [first, last] = [passings[0]!.rtc_time_us!, passings[passings.length - 1]!.rtc_time_us!];
    // 48 s laps of the 2019 session come about once a second.
    const sim = await startSimulate(['--scenario', 'replay', capture, '--speed', '50'], defer);
    const dir = await makeTempDir('mre-replay-box');
    defer(() => removeTempDir(dir));
    const box = await startBox({ MRE_DATA_DIR: join(dir, 'data'), MRE_DECODER_SOURCE: `tcp://127.0.0.1:${sim.port}` }, defer);

    const offset = await waitFor('the decoder clock read', async () => (await box.get<{ decoder: { clock_offset_us?: number } }>('/api/status')).decoder.clock_offset_us);
    // The box read the capture's clock, not today's.
    const decoderNow = offset + Date.now() * 1000;
    expect(decoderNow).toBeGreaterThan(first - 60e6);
    expect(decoderNow).toBeLessThan(last + 3_600e6);

    await box.control('event.setup', { event_id: 'replay', name: 'Replayed session', classes: [], riders: [], decoders: [] });
    await box.control('race.stage', { event_id: 'replay', race_id: 'p1', format: 'practice', lineup: [] });
    await box.control('race.start', { race_id: 'p1' });
    const rows = await waitFor(
      'laps on the practice board',
      async () => {
        const { race } = await box.get<{ race: { rows: PracticeRow[] } }>('/api/races/p1');
        return race.rows.some((r) => r.laps >= 2) ? race.rows : undefined;
      },
      30_000,
    );
    const captured = new Set(passings.map((p) => p.transponder));
    for (const row of rows) expect(captured.has(row.transponder!)).toBe(true);
  }, 90_000);
});
