/** @module Race time formatting as timing boards print it: `17.234`, `5:03.123`, `12/5:03.123`, `1 Lap`. */

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `17.234`, `1:03.123`, `1:02:03.123` from whole milliseconds (negative values are shown as 0). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  const millis = total % 1000;
  const seconds = Math.floor(total / 1000) % 60;
  const minutes = Math.floor(total / 60_000) % 60;
  const hours = Math.floor(total / 3_600_000);
  if (hours > 0) return `${hours}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}`;
  if (minutes > 0) return `${minutes}:${pad(seconds, 2)}.${pad(millis, 3)}`;
  return `${seconds}.${pad(millis, 3)}`;
}

/** LiveRC's Laps/Time cell: `12/5:03.123`; `0` for a driver with no laps. */
export function formatLapsTime(laps: number, totalMs: number | null): string {
  if (laps === 0 || totalMs === null) return '0';
  return `${laps}/${formatDuration(totalMs)}`;
}

/** LiveRC's Behind cell: empty for the leader, `3.456` on the same lap count (`0.000` for a dead heat or two non-starters), `1 Lap`, `2 Laps`. */
export function formatBehind(behindLaps: number | null, behindMs: number | null): string {
  if (behindLaps !== null && behindLaps > 0) return `${behindLaps} ${behindLaps === 1 ? 'Lap' : 'Laps'}`;
  if (behindMs === null) return '';
  return (Math.max(0, Math.floor(behindMs)) / 1000).toFixed(3);
}

/** µs on one clock to whole ms, truncated: timing systems never round a time up. */
export const usToMs = (us: number): number => Math.floor(us / 1000);
