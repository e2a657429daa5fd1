/** @module The race view's chart data from a lap model race: suspect laps marked in their own series, no position chart for laps without positions, a compare set keeping each driver's colour, and LiveRC's "Behind". */
import { describe, expect, it } from 'vitest';
import { lapModelRace, type LapModelRace } from '../../shared/contracts/lap-model.ts';
import { behind, colourOf, lapTimes, positions, SUSPECT } from '../../web/portal/chart-data.ts';

const result = (key: string, position: number, laps: number, total: number) => ({ driver_key: key, driver_name: key.toUpperCase(), position, laps, total_time_ms: total, best_lap_ms: 20_000, best_lap_number: 1, avg_lap_ms: 21_000, consistency_pct: 90 });

function boxRace(): LapModelRace {
  return lapModelRace({
    event: { source: 'box', track_id: 't', event_id: 'e', name: 'Club night', date_start: '2026-01-01', date_end: null },
    race: { source: 'box', event_id: 'e', race_id: 'r', class_name: 'Stock', name: 'Heat 1', round: null, format: 'timed', status: 'finished', started_at: null, completed_at: null, duration_s: 300 },
    results: [result('a', 1, 3, 61_000), result('b', 2, 3, 62_500), result('c', 3, 2, 45_000)],
    laps: [
      { driver_key: 'a', laps: [{ lap: 1, lap_ms: 20_000, position: null, flags: [] }, { lap: 2, lap_ms: 20_500, position: null, flags: [] }, { lap: 3, lap_ms: 20_500, position: null, flags: [] }] },
      { driver_key: 'b', laps: [{ lap: 1, lap_ms: 20_100, position: null, flags: [] }, { lap: 2, lap_ms: 41_000, position: null, flags: ['suspect'] }, { lap: 0, lap_ms: 900, position: null, flags: ['rejected'] }, { lap: 3, lap_ms: 1_400, position: null, flags: [] }] },
      { driver_key: 'c', laps: [{ lap: 1, lap_ms: 22_000, position: null, flags: [] }, { lap: 2, lap_ms: 23_000, position: null, flags: [] }] },
    ],
  });
}

describe('portal chart data', () => {
  it('portal chart data - lap times per driver over lap number, the uncounted crossing left out, a suspect lap in the marker series', () => {
    const data = lapTimes(boxRace());
    expect(data.laps).toEqual([1, 2, 3]);
    expect(data.series.map((s) => [s.label, s.values])).toEqual([
      ['A', [20, 20.5, 20.5]],
      ['B', [20.1, 41, 1.4]],
      ['C', [22, 23, null]],
      [SUSPECT, [null, 41, null]],
    ]);
  });

  it('portal chart data - a compare set keeps each driver the colour the full chart gave them', () => {
    const all = lapTimes(boxRace());
    const some = lapTimes(boxRace(), ['c', 'a']);
    expect(some.series.map((s) => s.label)).toEqual(['A', 'C', SUSPECT]);
    expect(some.series.slice(0, 2).map((s) => s.colour)).toEqual([all.series[0]!.colour, all.series[2]!.colour]);
    expect(all.series[2]!.colour).toBe(colourOf(2));
  });

  it('portal chart data - laps without positions give no position chart; "Behind" is laps down or seconds on the same laps', () => {
    const race = boxRace();
    expect(positions(race)).toBeNull();
    const [a, b, c] = race.results;
    expect([behind(a!, a!), behind(b!, a!), behind(c!, a!)]).toEqual(['—', '+1.500', '1 lap']);
  });
});
