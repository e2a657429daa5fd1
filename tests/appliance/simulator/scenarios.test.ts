/** @module Simulator scenarios as a host sees them: RC practice laps, BMX motos behind gate markers, and the burst load. */
import { describe, expect, it } from 'vitest';
import type { PassingRecord, StatusRecord } from '../../../shared/p3/index.ts';
import { useCleanups } from '../../harness/index.ts';
import type { SimulatorOptions } from '../../../appliance/simulator/index.ts';
import { captureLogs } from './log-capture.ts';
import { fieldOrder, isType, startAndConnect, type TcpHost } from './p3-client.ts';

const defer = useCleanups();
captureLogs();

/** Runs a scenario until `count` passings reached a connected host. */
async function run(options: Partial<SimulatorOptions> & Pick<SimulatorOptions, 'scenario' | 'count'>): Promise<TcpHost> {
  const { h } = await startAndConnect({ tcpPort: 0, host: '127.0.0.1', speed: 500, ...options }, defer);
  await h.until(`${options.count} passings`, (f) => f.filter(isType('PASSING')).length === options.count, 20_000);
  expect(h.bad()).toBe(0);
  return h;
}

function byTransponder(passings: PassingRecord[]): Map<number, number[]> {
  const times = new Map<number, number[]>();
  for (const p of passings) times.set(p.transponder!, [...(times.get(p.transponder!) ?? []), p.rtc_time_us!]);
  return times;
}

const consecutive = (numbers: number[]) => numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);

describe('simulator scenarios', () => {
  it('simulator - rc-practice: 8-12 cars with 7-digit transponders, RC layout, laps of 14-22 s and some double reads', async () => {
    const h = await run({ scenario: 'rc-practice', seed: 2024, count: 400 });
    const passings = h.passings();
    expect(consecutive(passings.map((p) => p.passing_number!))).toBe(true);

    const cars = byTransponder(passings);
    expect(cars.size).toBeGreaterThanOrEqual(8);
    expect(cars.size).toBeLessThanOrEqual(12);
    for (const transponder of cars.keys()) expect(String(transponder)).toMatch(/^[1-9]\d{6}$/);

    for (const { frame, record } of h.frames.filter(isType('PASSING'))) {
      // RC decoders: 01,03,04,05,06,08,81 and millisecond RTC (p3-protocol.md §1.5).
      expect(fieldOrder(frame.bytes)).toEqual([0x01, 0x03, 0x04, 0x05, 0x06, 0x08, 0x81]);
      expect(record).toMatchObject({ flags: 0, decoder_id: 0x00041813 });
      expect((record as PassingRecord).rtc_time_us! % 1000).toBe(0);
    }
    const status = h.frames.find(isType('STATUS'))!;
    expect(fieldOrder(status.frame.bytes)).toEqual([0x01, 0x07, 0x0c, 0x06, 0x81]);

    // Intervals per car: a double read (0.2-3 s), a lap (14-22 s ± spread), or a missed read (two laps).
    const intervals = [...cars.values()].flatMap((times) => times.slice(1).map((t, i) => (t - times[i]!) / 1e6));
    const doubles = intervals.filter((s) => s <= 3);
    const laps = intervals.filter((s) => s > 3);
    expect(doubles.length).toBeGreaterThan(0);
    expect(doubles.length).toBeLessThan(intervals.length * 0.1);
    for (const s of doubles) expect(s).toBeGreaterThanOrEqual(0.2);
    // After a double read the next interval is measured from the echo, so it can be up to 3 s short.
    for (const s of laps) expect(s).toBeGreaterThan(14 * 0.96 - 3);
    for (const s of laps) expect(s).toBeLessThan(2 * 22 * 1.04);
    expect(laps.filter((s) => s > 23).length).toBeGreaterThan(0);
  });

  it('simulator - bmx-motos: a 9992 gate marker without strength/hits, then up to 8 coded riders 30-45 s later', async () => {
    const h = await run({ scenario: 'bmx-motos', seed: 77, count: 40 });
    const passings = h.frames.filter(isType('PASSING'));
    expect(consecutive(passings.map((d) => (d.record as PassingRecord).passing_number!))).toBe(true);
    expect((passings[0]!.record as PassingRecord).transponder).toBe(9992);

    const motos: { gate: number; riders: PassingRecord[] }[] = [];
    for (const { frame, record } of passings) {
      const p = record as PassingRecord;
      expect(p.decoder_id).toBe(0x000c00d0);
      if (p.transponder === 9992) {
        // ProChip gate marker: 01,03,04,08,81 and nothing else (erathe capture 008).
        expect(fieldOrder(frame.bytes)).toEqual([0x01, 0x03, 0x04, 0x08, 0x81]);
        expect(p).not.toHaveProperty('strength');
        expect(p).not.toHaveProperty('hits');
        motos.push({ gate: p.rtc_time_us!, riders: [] });
      } else {
        expect(fieldOrder(frame.bytes)).toEqual([0x01, 0x03, 0x0a, 0x05, 0x06, 0x04, 0x08, 0x81]);
        expect(String(p.transponder)).toMatch(/^\d{9}$/);
        expect(p.transponder_code).toMatch(/^[A-Z]{2}-\d{5}$/);
        motos[motos.length - 1]!.riders.push(p);
      }
    }
    expect(motos.length).toBeGreaterThanOrEqual(4);
    // The last moto may be cut short by the count; every complete one has 3-8 distinct riders.
    for (const { gate, riders } of motos.slice(0, -1)) {
      expect(riders.length).toBeGreaterThanOrEqual(3);
      expect(riders.length).toBeLessThanOrEqual(8);
      expect(new Set(riders.map((r) => r.transponder)).size).toBe(riders.length);
      for (const r of riders) {
        const raceSeconds = (r.rtc_time_us! - gate) / 1e6;
        expect(raceSeconds).toBeGreaterThanOrEqual(30);
        expect(raceSeconds).toBeLessThanOrEqual(45);
      }
    }
    const lineups = motos.map((m) => m.riders.map((r) => r.transponder).sort().join());
    expect(new Set(lineups).size).toBeGreaterThan(1);
    // ProChip RTC has microsecond resolution.
    expect(passings.some(({ record }) => (record as PassingRecord).rtc_time_us! % 1000 !== 0)).toBe(true);

    const status = h.frames.find(isType('STATUS'))!;
    expect(fieldOrder(status.frame.bytes)).toEqual([0x01, 0x07, 0x06, 0x0a, 0x81]);
    expect(status.record as StatusRecord).toMatchObject({ gps: 1, satellites_in_use: 0, decoder_id: 0x000c00d0 });
  });

  it('simulator - burst: consecutive passings round-robin over 10 transponders, RTC 1 ms apart', async () => {
    const h = await run({ scenario: 'burst', count: 5000, firstPassingNumber: 1 });
    const passings = h.passings();
    expect(passings.map((p) => p.passing_number)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(new Set(passings.map((p) => p.transponder)).size).toBe(10);
    for (let i = 10; i < passings.length; i++) expect(passings[i]!.transponder).toBe(passings[i - 10]!.transponder);
    for (let i = 1; i < passings.length; i++) expect(passings[i]!.rtc_time_us! - passings[i - 1]!.rtc_time_us!).toBe(1000);
  });
});
