/**
 * @module "Am I more consistent here than last year": this race's consistency against the same
 * driver's races at the same track a year earlier (events 6 to 18 months before this one), from
 * the drivers' history rows, laps-weighted as the rows are.
 */
import type { HistoryRow } from '../contracts/driver-history.ts';
import type { LapModelRace } from '../contracts/lap-model.ts';

/** "Last year": events held between these many months before this race's event. */
export const LAST_YEAR_MONTHS = [6, 18] as const;

export interface ConsistencyVsLastYear {
  kind: 'compared' | 'no_earlier_events' | 'no_figure';
  now_pct: number | null;
  then_pct: number | null;
  /** The earlier events compared with, newest first. */
  events: { event_id: string; event_name: string; date_start: string | null; consistency_pct: number | null; laps: number }[];
  sentence: string;
}

const monthsBefore = (date: string, months: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

export function consistencyVsLastYear(race: LapModelRace, driverKey: string, rows: readonly HistoryRow[], trackName: string): ConsistencyVsLastYear {
  const result = race.results.find((r) => r.driver_key === driverKey);
  const name = result?.driver_name ?? driverKey;
  const date = race.event.date_start;
  const now = result?.consistency_pct ?? null;
  if (now === null || date === null) return { kind: 'no_figure', now_pct: now, then_pct: null, events: [], sentence: `This race gives ${name} no consistency figure to compare.` };
  const from = monthsBefore(date, LAST_YEAR_MONTHS[1]);
  const to = monthsBefore(date, LAST_YEAR_MONTHS[0]);
  const earlier = rows.filter((r) => r.source === race.event.source && r.track_id === race.event.track_id && r.date_start !== null && r.date_start >= from && r.date_start <= to && r.consistency_pct !== null && r.laps > 0);
  const events = earlier.map((r) => ({ event_id: r.event_id, event_name: r.event_name, date_start: r.date_start, consistency_pct: r.consistency_pct, laps: r.laps }));
  if (earlier.length === 0) return { kind: 'no_earlier_events', now_pct: now, then_pct: null, events, sentence: `${name} has no race at ${trackName} between ${from} and ${to} (6 to 18 months before this event) to compare with.` };
  const laps = earlier.reduce((n, r) => n + r.laps, 0);
  const then = Math.round((earlier.reduce((s, r) => s + r.consistency_pct! * r.laps, 0) / laps) * 100) / 100;
  const diff = Math.round((now - then) * 100) / 100;
  const verdict = diff > 0 ? 'more consistent' : diff < 0 ? 'less consistent' : 'exactly as consistent';
  const by = diff === 0 ? '' : `, by ${Math.abs(diff).toFixed(2)} points`;
  const list = earlier.length === 1 ? `${earlier[0]!.event_name} (${earlier[0]!.date_start})` : `${earlier.length} events (${earlier.at(-1)!.date_start} to ${earlier[0]!.date_start})`;
  return { kind: 'compared', now_pct: now, then_pct: then, events, sentence: `${name} was ${verdict} here than a year before${by}: ${now.toFixed(2)}% in this race against ${then.toFixed(2)}% over ${laps} laps at ${list}.` };
}
