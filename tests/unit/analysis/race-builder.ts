/** @module Lap-model races built from lap times for the coaching tests: drivers in finishing order, each a list of lap times in seconds, suspect laps by number. */
import type { LapModelRace } from '../../../shared/contracts/lap-model.ts';

export interface BuiltDriver {
  key: string;
  name?: string;
  laps: number[];
  suspect?: number[];
}

export function builtRace(drivers: BuiltDriver[]): LapModelRace {
  const ms = (s: number) => Math.round(s * 1000);
  return {
    event: { source: 'liverc', track_id: 'testtrack', event_id: '1', name: 'Test event', date_start: '2025-03-01', date_end: '2025-03-01' },
    race: { source: 'liverc', event_id: '1', race_id: '2', class_name: 'Buggy', name: 'A-Main', round: 'Main Events', format: 'timed', status: 'finished', started_at: null, completed_at: null, duration_s: 600 },
    results: drivers.map((d, i) => ({ driver_key: d.key, driver_name: d.name ?? d.key.toUpperCase(), position: i + 1, laps: d.laps.length, total_time_ms: d.laps.length ? ms(d.laps.reduce((a, b) => a + b, 0)) : null, best_lap_ms: null, best_lap_number: null, avg_lap_ms: null, consistency_pct: null })),
    laps: drivers.map((d) => ({ driver_key: d.key, laps: d.laps.map((s, i) => ({ lap: i + 1, lap_ms: ms(s), position: null, flags: d.suspect?.includes(i + 1) ? (['suspect'] as const).slice() : [] })) })),
  };
}

/** `count` laps around `pace` seconds, a deterministic wobble of ± `wobble` seconds. */
export function steady(count: number, pace: number, wobble = 0.1): number[] {
  return Array.from({ length: count }, (_, i) => pace + wobble * Math.sin(i * 2.3));
}
