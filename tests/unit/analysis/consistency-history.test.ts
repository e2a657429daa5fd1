/** @module This race's consistency against the same driver's races at the same track 6 to 18 months before: laps-weighted, other tracks and other years left out, and the cases with nothing to compare. */
import { describe, expect, test } from 'vitest';
import { consistencyVsLastYear } from '../../../shared/analysis/index.ts';
import type { HistoryRow } from '../../../shared/contracts/driver-history.ts';
import { builtRace } from './race-builder.ts';

const race = builtRace([{ key: 'a', name: 'Ana', laps: [20, 20, 20] }]);
race.results[0]!.consistency_pct = 94.5;
const row = (event_id: string, date_start: string, consistency_pct: number, laps: number, track_id = 'testtrack'): HistoryRow => ({ source: 'liverc', track_id, track_name: 'Test', event_id, event_name: `Event ${event_id}`, date_start, driver_key: 'a', driver_name: 'Ana', laps, best_lap_ms: 20_000, avg_lap_ms: 21_000, consistency_pct, races: [] });

describe('coaching consistency against last year', () => {
  test('consistency - events 6 to 18 months before at this track, laps-weighted; other tracks, this year and two years back left out', () => {
    const rows = [row('5', '2025-01-10', 99, 40), row('4', '2024-08-01', 90, 30), row('3', '2024-03-01', 93, 10), row('2', '2024-05-01', 80, 50, 'elsewhere'), row('1', '2023-01-01', 70, 50)];
    const answer = consistencyVsLastYear(race, 'a', rows, 'Test Raceway');
    expect(answer.kind).toBe('compared');
    expect(answer.events.map((e) => e.event_id)).toEqual(['4', '3']);
    expect(answer.then_pct).toBe(90.75);
    expect(answer.sentence).toBe('Ana was more consistent here than a year before, by 3.75 points: 94.50% in this race against 90.75% over 40 laps at 2 events (2024-03-01 to 2024-08-01).');
  });

  test('consistency - less consistent; nothing a year before; no figure for this race', () => {
    expect(consistencyVsLastYear(race, 'a', [row('4', '2024-08-01', 97, 30)], 'Test Raceway').sentence).toBe('Ana was less consistent here than a year before, by 2.50 points: 94.50% in this race against 97.00% over 30 laps at Event 4 (2024-08-01).');
    expect(consistencyVsLastYear(race, 'a', [], 'Test Raceway').sentence).toBe('Ana has no race at Test Raceway between 2023-09-01 and 2024-09-01 (6 to 18 months before this event) to compare with.');
    expect(consistencyVsLastYear(builtRace([{ key: 'a', laps: [] }]), 'a', [], 'T').kind).toBe('no_figure');
  });
});
