/** @module Time and number formatting for the boards: race times, gaps, clocks, countdowns and "ago" texts. */

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad3 = (n: number) => String(n).padStart(3, '0');

/** `34.567`, `1:02.345`, `1:02:03.456`: milliseconds shown exactly, as timing sheets print them. */
export function formatRaceTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  const total = Math.abs(Math.trunc(ms));
  const millis = total % 1000;
  const seconds = Math.floor(total / 1000) % 60;
  const minutes = Math.floor(total / 60_000) % 60;
  const hours = Math.floor(total / 3_600_000);
  if (hours > 0) return `${sign}${hours}:${pad2(minutes)}:${pad2(seconds)}.${pad3(millis)}`;
  if (minutes > 0) return `${sign}${minutes}:${pad2(seconds)}.${pad3(millis)}`;
  return `${sign}${seconds}.${pad3(millis)}`;
}

/** `+0.123` behind the rider ahead; empty for the leader (gap 0 or none). */
export function formatGap(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms <= 0) return '';
  return `+${formatRaceTime(ms)}`;
}

/** A running clock to tenths: `7.4`, `1:02.3`. Truncated, so it never runs ahead of the result. */
export function formatRunningClock(ms: number): string {
  const total = Math.max(0, Math.trunc(ms / 100));
  const tenths = total % 10;
  const seconds = Math.floor(total / 10) % 60;
  const minutes = Math.floor(total / 600);
  return minutes > 0 ? `${minutes}:${pad2(seconds)}.${tenths}` : `${seconds}.${tenths}`;
}

/** A practice session's time on track to the second: `0:07`, `14:24`, `1:32:04`; tenths would only flicker over hours. */
export function formatSessionClock(ms: number): string {
  const total = Math.max(0, Math.trunc(ms / 1000));
  const seconds = total % 60;
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${minutes}:${pad2(seconds)}`;
}

/** Time left as `4:59`, rounded up so `0:00` shows only when time is really up. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${minutes}:${pad2(seconds)}`;
}

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago`. */
export function formatAgo(ms: number): string {
  if (ms < 1500) return 'just now';
  const seconds = Math.round(ms / 1000);
  if (seconds < 90) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** `512 MB`, `3.4 GB`: free disk space for staff, not for accountants. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
