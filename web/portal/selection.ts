/** @module What the page shows (track and date range) kept in its address, so a reload, a bookmark or a shared link opens the same events; the range defaults to the last 30 days. */
import type { TrackRecord } from './api.ts';
import type { Range } from './events-panel.tsx';

export interface Selection {
  track: Pick<TrackRecord, 'slug' | 'name'> | null;
  range: Range;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A local calendar day as YYYY-MM-DD: the admin thinks in the days of their own calendar. */
function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function lastThirtyDays(now = new Date()): Range {
  const from = new Date(now);
  from.setDate(from.getDate() - 30);
  return { from: localDay(from), to: localDay(now) };
}

export function readSelection(search = location.search): Selection {
  const params = new URLSearchParams(search);
  const fallback = lastThirtyDays();
  const day = (name: string, otherwise: string) => {
    const value = params.get(name);
    return value && DAY.test(value) ? value : otherwise;
  };
  const slug = params.get('track');
  return { track: slug ? { slug, name: params.get('name') ?? slug } : null, range: { from: day('from', fallback.from), to: day('to', fallback.to) } };
}

export function writeSelection(selection: Selection): void {
  const params = new URLSearchParams();
  if (selection.track) {
    params.set('track', selection.track.slug);
    params.set('name', selection.track.name);
  }
  params.set('from', selection.range.from);
  params.set('to', selection.range.to);
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}
