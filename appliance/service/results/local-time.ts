/** @module Dates and times on results sheets in the club's time zone (`club.time_zone`, else the box's own), as a reader at the track expects them. */

export interface LocalTime {
  zone: string;
  /** An event's calendar date `2026-12-05` as `Saturday 5 December 2026`: a date, not an instant, so no zone moves it. */
  calendarDate(ymd: string): string;
  /** A box time (µs) as `5 Dec 2026`. */
  day(us: number): string;
  /** A box time (µs) as `14:02`. */
  clock(us: number): string;
}

/** The zone the box runs in (TZ, else /etc/localtime), the default when `club.time_zone` is not set. */
export const systemTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function localTime(zone: string = systemTimeZone()): LocalTime {
  const calendar = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
  const clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return {
    zone,
    calendarDate: (ymd) => {
      const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
      // en-GB writes "Saturday 5 December 2026" in recent ICU and "Saturday, 5 December 2026" in older ones.
      return calendar.format(Date.UTC(y, m - 1, d)).replace(',', '');
    },
    day: (us) => day.format(Math.floor(us / 1000)),
    clock: (us) => clock.format(Math.floor(us / 1000)),
  };
}
