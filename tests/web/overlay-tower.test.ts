/** @module The overlay's pure parts: which race it shows, its tower rows per format, and its address options. */
import { describe, expect, test } from 'vitest';
import { overlayOptions, pickRace, towerRows } from '../../web/overlay/tower.ts';
import { bmxRace, bmxRow, practiceRace, timedRace, timedRow } from './race-fixtures.ts';

const T0 = 1_750_000_000_000_000;

describe('overlay tower', () => {
  test('overlay tower - shows the running race before a staged one, a staged one before the latest result, and a pinned race whatever its state', () => {
    const finished = bmxRace({ race_id: 'm1', status: 'finished', finished_at_us: T0 + 60_000_000 });
    const staged = bmxRace({ race_id: 'm3', status: 'staged', staged_at_us: T0 + 90_000_000 });
    const running = timedRace({ race_id: 'heat-2', status: 'running', started_at_us: T0 + 80_000_000 });
    expect(pickRace([finished, staged, running], null)?.race_id).toBe('heat-2');
    expect(pickRace([finished, staged], null)?.race_id).toBe('m3');
    expect(pickRace([finished], null)?.race_id).toBe('m1');
    expect(pickRace([], null)).toBeNull();
    expect(pickRace([finished, staged, running], 'm1')?.race_id).toBe('m1');
    expect(pickRace([finished], 'gone')).toBeNull();
  });

  test('overlay tower - a BMX moto lists lanes before the gate, then places with finish times, riders still out by lane, DNF and DNS last', () => {
    expect(towerRows(bmxRace(), 8).map((r) => r.place)).toEqual(['L1', 'L2', 'L3']);
    const moto = bmxRace({
      status: 'running',
      rows: [bmxRow(1, { status: 'dns' }), bmxRow(2, { status: 'finished', place: 1, elapsed_ms: 31_456 }), bmxRow(3, { status: 'riding' }), bmxRow(4, { status: 'dnf' })],
    });
    const rows = towerRows(moto, 8);
    expect(rows.map((r) => [r.place, r.name, r.figure, r.finished])).toEqual([
      ['1', 'Rider 2', '31.456', true],
      ['L3', 'Rider 3', '', false],
      ['DNF', 'Rider 4', '', false],
      ['DNS', 'Rider 1', '', false],
    ]);
    expect(towerRows(moto, 2)).toHaveLength(2);
  });

  test('overlay tower - a timed race gives the leader laps and time and everyone else the gap to the car ahead', () => {
    const race = timedRace({ rows: [timedRow(1, { result_text: '12/5:03.123' }), timedRow(2, { behind_text: '1.234' }), timedRow(3, { behind_text: '1 Lap' }), timedRow(4, { status: 'dns', laps: 0, behind_text: '' })] });
    expect(towerRows(race, 10).map((r) => [r.place, r.figure])).toEqual([
      ['1', '12/5:03.123'],
      ['2', '+1.234'],
      ['3', '+1 Lap'],
      ['DNS', 'DNS'],
    ]);
  });

  test('overlay tower - practice ranks by best lap and shows it', () => {
    const row = (position: number, transponder: number, best: number | null) => ({ position, transponder, rider_id: null, name: `#${transponder}`, plate: null, laps: best === null ? 0 : 4, last_lap_ms: best, best_lap_ms: best, best_lap_number: best === null ? null : 2, avg_lap_ms: best, rejected_laps: 0 });
    const race = practiceRace({ rows: [row(1, 3_100_001, 61_234), row(2, 3_100_002, 62_000), row(3, 3_100_003, null)] } as never);
    expect(towerRows(race, 10).map((r) => [r.place, r.name, r.figure])).toEqual([
      ['1', '#3100001', '1:01.234'],
      ['2', '#3100002', '1:02.000'],
      ['3', '#3100003', ''],
    ]);
  });

  test('overlay tower - ?race pins a race, ?rows caps the tower between 1 and 30, anything else falls back to 10', () => {
    expect(overlayOptions('?race=moto-12&rows=6')).toEqual({ race: 'moto-12', rows: 6 });
    expect(overlayOptions('')).toEqual({ race: null, rows: 10 });
    expect(overlayOptions('?rows=0')).toEqual({ race: null, rows: 10 });
    expect(overlayOptions('?rows=99')).toEqual({ race: null, rows: 10 });
    expect(overlayOptions('?rows=abc&race=')).toEqual({ race: null, rows: 10 });
  });
});
