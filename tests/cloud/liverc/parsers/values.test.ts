/** @module LiveRC value formats: dates, ranges, completed times, durations, race lengths and counts, and what they refuse. */
import { describe, expect, it } from 'vitest';
import {
  parseCount,
  parseDate,
  parseDateRange,
  parseDateTime,
  parseDecimal,
  parseDuration,
  parseIsoDate,
  parseRaceLength,
} from '../../../../cloud/liverc/parsers/index.ts';

describe('liverc values', () => {
  it('liverc values - a header date becomes YYYY-MM-DD, long month names and stray spaces included', () => {
    expect(parseDate('Nov 16, 2025')).toBe('2025-11-16');
    expect(parseDate('  Apr 1,  2026 ')).toBe('2026-04-01');
    expect(parseDate('October 25, 2025')).toBe('2025-10-25');
    expect(parseDate('Sept 9, 2024')).toBe('2024-09-09');
  });

  it('liverc values - impossible or foreign dates are not dates', () => {
    expect(parseDate('Feb 30, 2025')).toBeNull();
    expect(parseDate('Foo 1, 2025')).toBeNull();
    expect(parseDate('2025-11-16')).toBeNull();
    expect(parseDate('Nov 16 2025')).toBeNull();
    expect(parseDate('')).toBeNull();
  });

  it('liverc values - a multi-day header gives start and end, a single day gives the same day twice', () => {
    expect(parseDateRange('Apr 23, 2025 to Apr 27, 2025')).toEqual({ start: '2025-04-23', end: '2025-04-27' });
    expect(parseDateRange('Apr 1, 2026 to Apr 6, 2026')).toEqual({ start: '2026-04-01', end: '2026-04-06' });
    expect(parseDateRange('Dec 30, 2025 to Jan 2, 2026')).toEqual({ start: '2025-12-30', end: '2026-01-02' });
    expect(parseDateRange('Nov 16, 2025')).toEqual({ start: '2025-11-16', end: '2025-11-16' });
  });

  it('liverc values - a range that ends before it starts, or is half a range, is refused', () => {
    expect(parseDateRange('Apr 27, 2025 to Apr 23, 2025')).toBeNull();
    expect(parseDateRange('Apr 23, 2025 to')).toBeNull();
    expect(parseDateRange('Apr 23, 2025 - Apr 27, 2025')).toBeNull();
  });

  it('liverc values - a completed time becomes a zone-less local YYYY-MM-DDTHH:MM on a 24-hour clock', () => {
    expect(parseDateTime('Nov 16, 2025 at 5:30pm')).toBe('2025-11-16T17:30');
    expect(parseDateTime('Nov 16, 2025 at 8:22am')).toBe('2025-11-16T08:22');
    expect(parseDateTime('Nov 16, 2025 at 12:05am')).toBe('2025-11-16T00:05');
    expect(parseDateTime('Nov 16, 2025 at 12:45pm')).toBe('2025-11-16T12:45');
    expect(parseDateTime('Nov 16, 2025 at 5pm')).toBe('2025-11-16T17:00');
    expect(parseDateTime('Nov 16, 2025 at 13:30pm')).toBeNull();
    expect(parseDateTime('Nov 16, 2025')).toBeNull();
  });

  it('liverc values - the events list sort key gives its day, and an impossible one gives nothing', () => {
    expect(parseIsoDate('2025-11-16 08:30:00')).toBe('2025-11-16');
    expect(parseIsoDate('2017-09-10 00:00:00')).toBe('2017-09-10');
    expect(parseIsoDate('2025-02-30 00:00:00')).toBeNull();
    expect(parseIsoDate('Nov 16, 2025')).toBeNull();
  });

  it('liverc values - durations in seconds, minutes and hours become seconds without float drift', () => {
    expect(parseDuration('38.17')).toBe(38.17);
    expect(parseDuration('146.309')).toBe(146.309);
    expect(parseDuration('30:31.382')).toBe(1831.382);
    expect(parseDuration('1:51.828')).toBe(111.828);
    expect(parseDuration('1:02:03.456')).toBe(3723.456);
    expect(parseDuration('0')).toBe(0);
  });

  it('liverc values - malformed durations are refused', () => {
    for (const bad of ['', '1:75.000', '1:2:3:4', '-3.2', '38.17s', '1 Lap', ':30', '30:']) expect(parseDuration(bad), bad).toBeNull();
  });

  it('liverc values - race lengths: timed and minute lengths in seconds, lap-count races have none', () => {
    expect(parseRaceLength('Length: 30:00 Timed')).toBe(1800);
    expect(parseRaceLength('Length: 6:00 Minutes')).toBe(360);
    expect(parseRaceLength('20:00 Timed')).toBe(1200);
    expect(parseRaceLength('Length: 1:00:00 Timed')).toBe(3600);
    expect(parseRaceLength('Length: 3 Laps')).toBeNull();
  });

  it('liverc values - counts with thousands separators, and nothing else, are numbers', () => {
    expect(parseCount('4,129')).toBe(4129);
    expect(parseCount('6,753,663')).toBe(6753663);
    expect(parseCount(' 71 ')).toBe(71);
    expect(parseCount('0')).toBe(0);
    for (const bad of ['4,12', '1,2345', '12.5', '', 'N/A', '-3']) expect(parseCount(bad), bad).toBeNull();
  });

  it('liverc values - decimals accept a trailing percent sign and nothing else', () => {
    expect(parseDecimal('92.82%')).toBe(92.82);
    expect(parseDecimal('2.80')).toBe(2.8);
    expect(parseDecimal('92.82 %')).toBeNull();
    expect(parseDecimal('abc')).toBeNull();
  });
});
