/** @module How each board orders and labels its rows: pure functions, shared by the scoreboard and race control. */
import type { BmxRaceView, BmxRow, FinishReason, RaceView, TimedRow } from './live-types.ts';

const BMX_RANK: Record<BmxRow['status'], number> = { finished: 0, riding: 1, staged: 1, dnf: 2, dns: 3 };

/** Before the gate: lane order. After it: finishers by place, riders still out by lane, then DNF, then DNS. */
export function bmxRows(race: BmxRaceView): BmxRow[] {
  const rows = [...race.rows];
  if (race.status === 'staged') return rows.sort((a, b) => a.lane - b.lane);
  return rows.sort((a, b) => BMX_RANK[a.status] - BMX_RANK[b.status] || (a.place ?? 99) - (b.place ?? 99) || a.lane - b.lane);
}

/** What the place column says: the place, `DNF`/`DNS` in words, or the lane while the rider is out. */
export function bmxPlaceLabel(row: BmxRow): string {
  if (row.status === 'dnf') return 'DNF';
  if (row.status === 'dns') return 'DNS';
  if (row.place !== null) return String(row.place);
  return `L${row.lane}`;
}

const REASONS: Record<FinishReason, string> = {
  all_finished: 'all finished',
  force_finish: 'forced finish',
  max_time: 'max time reached',
  overtime: 'time up',
  quiet: 'track quiet',
};

/** The status badge of a race: `STAGED`, `GATE` (BMX after the gate), `RACING`, `PRACTICE`, `FINAL`. */
export function statusLabel(race: RaceView): string {
  switch (race.status) {
    case 'staged':
      return 'STAGED';
    case 'running':
      return race.format === 'bmx' ? 'GATE' : race.format === 'practice' ? 'PRACTICE' : 'RACING';
    case 'finished':
      return 'FINAL';
    default:
      return 'RESET';
  }
}

/** `forced finish`, `time up`…; null while the race is not finished. */
export function finishReasonText(race: RaceView): string | null {
  return race.finish_reason ? REASONS[race.finish_reason] : null;
}

/** `Pro Men · Moto 2` style heading parts. */
export function raceTitle(race: RaceView, classLabel: string | null): { title: string; subtitle: string } {
  const title = race.name || (race.format === 'practice' ? 'Practice' : race.race_id);
  const parts = [classLabel, race.round !== null ? `Round ${race.round}` : null].filter((p): p is string => Boolean(p));
  return { title, subtitle: parts.join(' · ') };
}

/**
 * A timed board's result and gap cells. A driver who has not crossed yet has neither: the results
 * sheet prints LiveRC's `0.000` between non-starters, but on a live board it reads as a real gap.
 */
export function timedCells(row: TimedRow): { result: string; behind: string } {
  if (row.status === 'dns') return { result: 'DNS', behind: '' };
  if (row.status === 'waiting' || row.laps === 0) return { result: '—', behind: '' };
  return { result: row.result_text || '—', behind: row.behind_text };
}
