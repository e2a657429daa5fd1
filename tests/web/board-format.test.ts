/** @module What the boards print: race times, gaps, clocks, BMX row order and labels, race titles. */
import { describe, expect, test } from 'vitest';
import { bmxPlaceLabel, bmxRows, finishReasonText, raceTitle, statusLabel, timedCells } from '../../web/shared/board-order.ts';
import { formatAgo, formatBytes, formatCountdown, formatGap, formatRaceTime, formatRunningClock, formatSessionClock } from '../../web/shared/format.ts';
import { bmxRace, bmxRow, practiceRace, timedRace, timedRow } from './race-fixtures.ts';

describe('board format', () => {
  test('board format - a timed row shows laps/time and the gap ahead once the driver has crossed; before that neither, and DNS says so', () => {
    expect(timedCells(timedRow(2, { result_text: '3/1:02.000', behind_text: '1.000' }))).toEqual({ result: '3/1:02.000', behind: '1.000' });
    expect(timedCells(timedRow(1, { behind_text: '' })).behind).toBe('');
    expect(timedCells(timedRow(3, { status: 'waiting', laps: 0, result_text: '0', behind_text: '0.000' }))).toEqual({ result: '—', behind: '' });
    expect(timedCells(timedRow(4, { status: 'dns', laps: 0, result_text: '0', behind_text: '0.000' }))).toEqual({ result: 'DNS', behind: '' });
    expect(timedCells(timedRow(2, { status: 'finished', behind_text: '1 Lap' })).behind).toBe('1 Lap');
  });

  test('board format - race times keep all three decimals and grow minutes and hours only when needed', () => {
    expect(formatRaceTime(34_567)).toBe('34.567');
    expect(formatRaceTime(5)).toBe('0.005');
    expect(formatRaceTime(62_345)).toBe('1:02.345');
    expect(formatRaceTime(3_723_456)).toBe('1:02:03.456');
    expect(formatRaceTime(null)).toBe('—');
  });

  test('board format - gaps carry a plus sign and the leader has none', () => {
    expect(formatGap(123)).toBe('+0.123');
    expect(formatGap(61_000)).toBe('+1:01.000');
    expect(formatGap(0)).toBe('');
    expect(formatGap(null)).toBe('');
  });

  test('board format - the running clock shows tenths, truncated, and never goes negative', () => {
    expect(formatRunningClock(7_499)).toBe('7.4');
    expect(formatRunningClock(62_350)).toBe('1:02.3');
    expect(formatRunningClock(-2_000)).toBe('0.0');
  });

  test('board format - a practice session clock counts whole seconds, minutes and hours', () => {
    expect(formatSessionClock(7_900)).toBe('0:07');
    expect(formatSessionClock(864_400)).toBe('14:24');
    expect(formatSessionClock(5_524_000)).toBe('1:32:04');
    expect(formatSessionClock(-2_000)).toBe('0:00');
  });

  test('board format - the countdown rounds up so 0:00 means time is really up', () => {
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(59_000)).toBe('0:59');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(-5)).toBe('0:00');
    expect(formatCountdown(3_600_000)).toBe('1:00:00');
  });

  test('board format - ages and sizes read naturally', () => {
    expect(formatAgo(400)).toBe('just now');
    expect(formatAgo(17_200)).toBe('17 s ago');
    expect(formatAgo(5 * 60_000)).toBe('5 min ago');
    expect(formatAgo(3 * 3_600_000)).toBe('3 h ago');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.4 * 1024 ** 3)).toBe('3.4 GB');
    expect(formatBytes(null)).toBe('unknown');
  });

  test('board format - a staged moto lists riders by lane', () => {
    expect(bmxRows(bmxRace()).map((r) => r.lane)).toEqual([1, 2, 3]);
  });

  test('board format - after the gate finishers come by place, then riders out by lane, then DNF, then DNS', () => {
    const race = bmxRace({
      status: 'running',
      rows: [
        bmxRow(1, { status: 'dns', points: 6 }),
        bmxRow(2, { status: 'finished', place: 2, elapsed_ms: 35_100, gap_ms: 100, points: 2 }),
        bmxRow(3, { status: 'riding' }),
        bmxRow(4, { status: 'dnf', points: 5 }),
        bmxRow(5, { status: 'finished', place: 1, elapsed_ms: 35_000, gap_ms: 0, points: 1 }),
        bmxRow(6, { status: 'riding' }),
      ],
    });
    const rows = bmxRows(race);
    expect(rows.map((r) => r.lane)).toEqual([5, 2, 3, 6, 4, 1]);
    expect(rows.map(bmxPlaceLabel)).toEqual(['1', '2', 'L3', 'L6', 'DNF', 'DNS']);
  });

  test('board format - the badge says GATE for a BMX moto under way and FINAL with the reason once done', () => {
    expect(statusLabel(bmxRace())).toBe('STAGED');
    expect(statusLabel(bmxRace({ status: 'running' }))).toBe('GATE');
    expect(statusLabel(timedRace())).toBe('RACING');
    expect(statusLabel(practiceRace())).toBe('PRACTICE');
    const forced = bmxRace({ status: 'finished', finish_reason: 'force_finish' });
    expect(statusLabel(forced)).toBe('FINAL');
    expect(finishReasonText(forced)).toBe('forced finish');
    expect(finishReasonText(bmxRace())).toBeNull();
  });

  test('board format - the title falls back to the race id and the subtitle joins class and round', () => {
    expect(raceTitle(bmxRace(), 'Boys 13')).toEqual({ title: 'Moto 1', subtitle: 'Boys 13 · Round 1' });
    expect(raceTitle(timedRace({ name: '' }), null)).toEqual({ title: 'a-main', subtitle: '' });
    expect(raceTitle(practiceRace({ name: '' }), null).title).toBe('Practice');
  });
});
