/** @module One driver's counted laps from the lap model, split into the laps that show their pace and the crash laps left out of it (flagged suspect, or far slower than the driver's usual lap), shared by every coaching answer. */
import type { LapModelRace } from '../contracts/lap-model.ts';

/** A counted lap longer than this many times the driver's median lap is a crash or a pit, not pace: LiveRC's laps carry no flags, so this is how its crashes are found. */
export const CRASH_FACTOR = 1.3;

export interface PaceLap {
  lap: number;
  lap_ms: number;
}

export interface DriverLaps {
  driver_key: string;
  driver_name: string;
  /** Counted laps (1, 2, 3 …) in order. */
  all: PaceLap[];
  /** Laps that show pace: not flagged suspect and not over CRASH_FACTOR × the median. */
  clean: PaceLap[];
  /** Lap numbers left out as crash laps. */
  crashes: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const mean = (values: readonly number[]): number => (values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length);

/** The population standard deviation, as LiveRC's consistency figure spreads laps. */
export function spread(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
}

/** The driver's laps in the race, or null when the race has no such driver. */
export function driverLaps(race: LapModelRace, driverKey: string): DriverLaps | null {
  const result = race.results.find((r) => r.driver_key === driverKey);
  const entry = race.laps.find((d) => d.driver_key === driverKey);
  if (!result && !entry) return null;
  const counted = (entry?.laps ?? []).filter((l) => l.lap >= 1).sort((a, b) => a.lap - b.lap);
  const typical = median(counted.filter((l) => !l.flags.includes('suspect')).map((l) => l.lap_ms));
  const isCrash = (l: (typeof counted)[number]) => l.flags.includes('suspect') || !(l.lap_ms <= typical * CRASH_FACTOR);
  return {
    driver_key: driverKey,
    driver_name: result?.driver_name ?? driverKey,
    all: counted.map((l) => ({ lap: l.lap, lap_ms: l.lap_ms })),
    clean: counted.filter((l) => !isCrash(l)).map((l) => ({ lap: l.lap, lap_ms: l.lap_ms })),
    crashes: counted.filter(isCrash).map((l) => l.lap),
  };
}

/** `1.234` seconds from ms, as the answers print lap times. */
export const secs = (ms: number): string => (ms / 1000).toFixed(3);

/** `laps 9 and 14`, `lap 9`, `laps 3, 9 and 14`. */
export function lapList(laps: readonly number[]): string {
  if (laps.length === 1) return `lap ${laps[0]}`;
  return `laps ${laps.slice(0, -1).join(', ')} and ${laps.at(-1)}`;
}
