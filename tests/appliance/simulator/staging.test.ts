/** @module Race day on the simulator: a box stages a BMX moto or an RC field, and the decoder then times exactly those transponders. */
import { describe, expect, it } from 'vitest';
import { getTimeRequest, resendRequest, toHex, type GetTimeRecord, type PassingRecord } from '../../../shared/p3/index.ts';
import { useCleanups } from '../../harness/index.ts';
import { GATE_TRANSPONDER, type SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { fieldOrder, isType, startAndConnect, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
captureLogs();

const RIDERS = [101, 201_000_022, 201_000_033, 201_000_044, 201_000_055];
/** Decoder-time slack for a GET_TIME bracket: the clock reads whole host milliseconds, times speed. */
const SLACK_US = 50_000;

const connect = (options: Partial<SimulatorOptions> & Pick<SimulatorOptions, 'scenario'>) =>
  startAndConnect({ tcpPort: 0, host: '127.0.0.1', speed: 500, ...options }, defer);

const after = (h: TcpHost, passingNumber: number): PassingRecord[] => h.passings().filter((p) => p.passing_number! > passingNumber);
const count = (h: TcpHost, type: string) => h.frames.filter(isType(type)).length;
const consecutive = (numbers: number[]) => numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);

/** The decoder clock now, as the decoder itself answers GET_TIME. */
async function decoderTime(h: TcpHost): Promise<number> {
  const seen = count(h, 'GET_TIME');
  h.socket.write(getTimeRequest());
  await h.until('a GET_TIME answer', () => count(h, 'GET_TIME') > seen);
  return (h.frames.filter(isType('GET_TIME')).at(-1)!.record as GetTimeRecord).rtc_time_us!;
}

/** Waits for `n` more STATUS frames, 5 s of decoder time each, whatever the speed. */
async function statusFrames(h: TcpHost, n: number): Promise<void> {
  const seen = count(h, 'STATUS');
  await h.until(`${n} STATUS frames`, () => count(h, 'STATUS') >= seen + n);
}

describe('simulator staging', () => {
  it('simulator - bmx-motos stageField: one gate marker, then exactly the staged riders 30-45 s after it, and no random moto after', async () => {
    const { sim, h } = await connect({ scenario: 'bmx-motos', seed: 77 });
    let stagedAfter: number | undefined;
    let randomGate: number | undefined;
    let gates = 0;
    sim.on('passing', (p) => {
      // Staged the moment the second random gate drops, well into the session: that moto's
      // riders are still to come and must never appear.
      if (stagedAfter !== undefined || p.transponder !== GATE_TRANSPONDER || ++gates < 2) return;
      [stagedAfter, randomGate] = [p.passing_number!, p.rtc_time_us!];
      sim.stageField(RIDERS);
    });
    await h.until('the staged moto', () => stagedAfter !== undefined && after(h, stagedAfter).length >= 1 + RIDERS.length, 20_000);
    // 200 s of decoder time: more than the pause and gate delay before any random moto.
    await statusFrames(h, 40);
    expect(h.bad()).toBe(0);

    const [gate, ...riders] = after(h, stagedAfter!);
    expect(gate).toMatchObject({ transponder: GATE_TRANSPONDER });
    expect(riders.map((r) => r.transponder).sort()).toEqual([...RIDERS].sort());
    expect(gate!.rtc_time_us!).toBeGreaterThan(randomGate!);
    for (const r of riders) {
      expect(r.transponder_code).toMatch(/^[A-Z]{2}-\d{5}$/);
      const raceSeconds = (r.rtc_time_us! - gate!.rtc_time_us!) / 1e6;
      expect(raceSeconds).toBeGreaterThanOrEqual(30);
      expect(raceSeconds).toBeLessThanOrEqual(45);
    }
    const staged = h.frames.filter(isType('PASSING')).filter((d) => (d.record as PassingRecord).passing_number! > stagedAfter!);
    expect(fieldOrder(staged[0]!.frame.bytes)).toEqual([0x01, 0x03, 0x04, 0x08, 0x81]);
    expect(consecutive(h.passings().map((p) => p.passing_number!))).toBe(true);

    // Staged passings are held for RESEND like any other, byte for byte.
    const held = count(h, 'PASSING');
    h.socket.write(resendRequest(gate!.passing_number!, riders.at(-1)!.passing_number!));
    await h.until('the resent moto', () => count(h, 'PASSING') === held + staged.length);
    const resent = h.frames.filter(isType('PASSING')).slice(held);
    expect(resent.map((d) => toHex(d.frame.raw))).toEqual(staged.map((d) => toHex(d.frame.raw)));
  });

  it('simulator - bmx-motos stageField: the gate drops gateDelaySeconds after staging by the decoder clock, riders raceSeconds after it', async () => {
    const { sim, h } = await connect({ scenario: 'bmx-motos', seed: 12, speed: 10 });
    await h.until('a random gate marker', () => h.passings().length > 0);
    const randomMoto = sim.lastPassingNumber!;
    const before = await decoderTime(h);
    sim.stageField(RIDERS.slice(0, 3), { gateDelaySeconds: [1, 1.5], raceSeconds: [2, 3] });
    const staged = await decoderTime(h);
    await h.until('the staged moto', () => after(h, randomMoto).length >= 4);

    const [gate, ...riders] = after(h, randomMoto);
    expect(gate!.transponder).toBe(GATE_TRANSPONDER);
    expect(gate!.rtc_time_us!).toBeGreaterThanOrEqual(before + 1e6 - SLACK_US);
    expect(gate!.rtc_time_us!).toBeLessThanOrEqual(staged + 1.5e6 + SLACK_US);
    expect(riders.map((r) => r.transponder).sort()).toEqual(RIDERS.slice(0, 3).sort());
    for (const r of riders) {
      expect(r.rtc_time_us! - gate!.rtc_time_us!).toBeGreaterThanOrEqual(2e6 - 1);
      expect(r.rtc_time_us! - gate!.rtc_time_us!).toBeLessThanOrEqual(3e6 + 1);
    }
  });

  it('simulator - bmx-motos stageField while paused: nothing goes out, the gate drops gateDelaySeconds after resume', async () => {
    const { sim, h } = await connect({ scenario: 'bmx-motos', seed: 5, speed: 10 });
    sim.pause();
    // Staged well into the pause: scenario time stands still meanwhile, the decoder clock does not.
    await statusFrames(h, 2);
    sim.stageField([7, 8], { gateDelaySeconds: [1, 1.5], raceSeconds: [0.5, 1] });
    await statusFrames(h, 2);
    expect(h.passings()).toEqual([]);

    const before = await decoderTime(h);
    sim.resume();
    const resumed = await decoderTime(h);
    await h.until('the staged moto', () => h.passings().length >= 3);
    const [gate, ...riders] = h.passings();
    expect(gate!.transponder).toBe(GATE_TRANSPONDER);
    expect(gate!.rtc_time_us!).toBeGreaterThanOrEqual(before + 1e6 - SLACK_US);
    expect(gate!.rtc_time_us!).toBeLessThanOrEqual(resumed + 1.5e6 + SLACK_US);
    expect(riders.map((r) => r.transponder).sort()).toEqual([7, 8]);
  });

  it('simulator - rc-practice stageField: from then on only the staged cars, first crossing and laps in the staged ranges', async () => {
    const cars = [1_234_567, 2_345_678, 42, 3_456_789];
    const { sim, h } = await connect({ scenario: 'rc-practice', seed: 2024 });
    await h.until('practice under way', () => h.passings().length >= 10);
    sim.stageField(cars, { lapSeconds: [30, 32], firstCrossingSeconds: [5, 6] });
    const stagedAfter = sim.lastPassingNumber!;
    await h.until('60 passings of the staged field', () => after(h, stagedAfter).length >= 60, 20_000);
    expect(h.bad()).toBe(0);

    const earlier = h.passings().filter((p) => p.passing_number! <= stagedAfter);
    const lastEarlier = Math.max(...earlier.map((p) => p.rtc_time_us!));
    const times = new Map<number, number[]>();
    for (const p of after(h, stagedAfter)) times.set(p.transponder!, [...(times.get(p.transponder!) ?? []), p.rtc_time_us!]);
    expect([...times.keys()].sort()).toEqual([...cars].sort());
    expect(consecutive(h.passings().map((p) => p.passing_number!))).toBe(true);

    // Old cars leave at staging time; the new ones cross first 5-6 s later (RC clocks read whole ms).
    const firsts = [...times.values()].map((t) => t[0]!);
    expect(Math.min(...firsts) - lastEarlier).toBeGreaterThanOrEqual(5e6 - 1000);
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeLessThanOrEqual(1e6 + 1000);

    // Each interval is a double read (0.2-3 s), a 30-32 s lap ± a few per cent (shortened after an echo) or two laps.
    const intervals = [...times.values()].flatMap((t) => t.slice(1).map((v, i) => (v - t[i]!) / 1e6));
    const laps = intervals.filter((s) => s > 3);
    for (const s of intervals.filter((s) => s <= 3)) expect(s).toBeGreaterThanOrEqual(0.2);
    for (const s of laps) expect(s).toBeGreaterThan(30 * 0.96 - 3);
    for (const s of laps) expect(s).toBeLessThan(2 * 32 * 1.04);
    expect(laps.filter((s) => s >= 30 * 0.96 && s <= 32 * 1.04).length).toBeGreaterThan(laps.length * 0.8);
  });

  it('simulator - stageField refuses a bad field or range by name and changes nothing', async () => {
    const { sim, h } = await connect({ scenario: 'bmx-motos', seed: 9 });
    const nine = Array.from({ length: 9 }, (_, i) => 500 + i);
    expect(() => sim.stageField([])).toThrow('1 to 8 riders, got 0');
    expect(() => sim.stageField(nine)).toThrow('1 to 8 riders, got 9');
    expect(() => sim.stageField([5, 6, 5])).toThrow('transponder 5 is staged twice');
    for (const bad of [0, -3, 1.5, 2 ** 32, Number.NaN]) expect(() => sim.stageField([1, bad])).toThrow(`transponder ${bad} is not a positive integer`);
    expect(() => sim.stageField([GATE_TRANSPONDER])).toThrow('is the gate marker');
    expect(() => sim.stageField([1], { raceSeconds: [45, 30] })).toThrow('raceSeconds must be [min, max]');
    expect(() => sim.stageField([1], { raceSeconds: [0, 30] })).toThrow('raceSeconds must be [min, max]');
    expect(() => sim.stageField([1], { gateDelaySeconds: [-1, 2] })).toThrow('gateDelaySeconds must be [min, max]');
    // Still random motos: a refused field must not have stopped them.
    await h.until('two random motos', () => h.passings().filter((p) => p.transponder === GATE_TRANSPONDER).length >= 2, 20_000);
    expect(h.passings().length).toBeGreaterThan(4);

    const rc = (await connect({ scenario: 'rc-practice', seed: 9 })).sim;
    expect(() => rc.stageField(Array.from({ length: 61 }, (_, i) => i + 1))).toThrow('1 to 60 cars, got 61');
    expect(() => rc.stageField([1], { lapSeconds: [0, 10] })).toThrow('lapSeconds must be [min, max]');
    expect(() => rc.stageField([1], { firstCrossingSeconds: [Number.NaN, 1] })).toThrow('firstCrossingSeconds must be [min, max]');

    const burst = (await connect({ scenario: 'burst', count: 10 })).sim;
    expect(() => burst.stageField([1])).toThrow('needs the bmx-motos or rc-practice scenario');
  });
});
