/** @module The race meeting as race control reads it: setup defaults from the event's classes, the running order folded by round, riders by plate and name, and a mains warning in words. */
import type { MainsChange } from '../../shared/race/meeting/mains-diff.ts';
import type { MeetingRaceView, MeetingView, PlannedRace } from '../../shared/race/meeting-run/types.ts';
import type { EventView } from '../shared/live-types.ts';

export type { MeetingRaceView, MeetingView, PlannedRace };

export type BmxFormat = 'transfer' | 'total_points';
export type RcRanking = 'best_round' | 'round_points' | 'consecutive';

/** One class of the setup form: `kind` null leaves it out of the meeting (practice, or no format). */
export interface ClassDraft {
  class_id: string;
  name: string;
  kind: 'bmx' | 'rc' | null;
  bmx: BmxFormat;
  rc: RcRanking;
}

export interface SetupDraft {
  rounds: number;
  /** RC mains: drivers per main, and the places at the back of each main kept for the best of the main below. */
  mainSize: number;
  bumps: number;
  classes: ClassDraft[];
}

/** Each class as its event format says: BMX classes ride the transfer table, timed classes qualify on their best round. */
export function setupDraft(event: EventView): SetupDraft {
  return {
    rounds: 3,
    mainSize: 10,
    bumps: 0,
    classes: event.classes.map((c) => ({ class_id: c.class_id, name: c.name, kind: c.format === 'bmx' ? 'bmx' : c.format === 'timed' ? 'rc' : null, bmx: 'transfer', rc: 'best_round' })),
  };
}

const RC_RANKING = { best_round: { kind: 'best_round' }, consecutive: { kind: 'consecutive', laps: 3 } } as const;

/** The `meeting.setup` body: BMX and RC classes apart, the same number of rounds for both. */
export function setupArgs(eventId: string, draft: SetupDraft): Record<string, unknown> {
  const bmx = draft.classes.filter((c) => c.kind === 'bmx');
  const rc = draft.classes.filter((c) => c.kind === 'rc');
  // Round points count all but the worst round, as clubs usually score it.
  const ranking = (c: ClassDraft) => (c.rc === 'round_points' ? { kind: 'round_points', count: Math.max(1, draft.rounds - 1) } : RC_RANKING[c.rc]);
  return {
    event_id: eventId,
    ...(bmx.length > 0 ? { bmx: { rounds: draft.rounds, classes: bmx.map((c) => ({ class_id: c.class_id, format: c.bmx })) } } : {}),
    ...(rc.length > 0 ? { rc: { classes: rc.map((c) => ({ class_id: c.class_id, qualifying_rounds: draft.rounds, ranking: ranking(c), main_size: draft.mainSize, bumps: draft.bumps })) } } : {}),
  };
}

export interface RoundFold {
  key: string;
  title: string;
  races: MeetingRaceView[];
  /** Holds the race at the gate or on track: shown open. */
  current: boolean;
}

/** The running order in folds: one per qualifying round, then one per later stage (quarters, semis, mains). */
export function foldsOf(view: MeetingView): RoundFold[] {
  const live = new Set([...view.now_next.running, ...(view.now_next.at_gate ? [view.now_next.at_gate] : [])]);
  const folds: RoundFold[] = [];
  for (const race of view.order) {
    const key = race.round !== null ? `round-${race.round}` : race.kind === 'main' || race.name.includes('Main') ? 'mains' : `stage-${race.name.replace(/\s*\d+$/, '')}`;
    let fold = folds.find((f) => f.key === key);
    if (!fold) {
      const title = race.round !== null ? `Round ${race.round}` : key === 'mains' ? 'Mains' : `${race.name.replace(/\s*\d+$/, '')}s`;
      fold = { key, title, races: [], current: false };
      folds.push(fold);
    }
    fold.races.push(race);
    if (live.has(race.race_id)) fold.current = true;
  }
  // Nothing at the gate (before the first stage, or all run): open the first round not finished.
  if (!folds.some((f) => f.current)) {
    const next = folds.find((f) => f.races.some((r) => r.status !== 'finished' && r.status !== 'skipped'));
    if (next) next.current = true;
  }
  return folds;
}

export interface Riders {
  label(riderId: string | null): string;
  className(classId: string): string;
}

/** Riders as staff call them at the gate: plate, then name. */
export function ridersOf(event: EventView | null): Riders {
  const riders = new Map((event?.riders ?? []).map((r) => [r.rider_id, r]));
  const classes = new Map((event?.classes ?? []).map((c) => [c.class_id, c.name]));
  return {
    label(riderId) {
      if (riderId === null) return 'open place (bump)';
      const r = riders.get(riderId);
      if (!r) return riderId;
      return r.plate ? `${r.plate} ${r.name}` : r.name;
    },
    className: (classId) => classes.get(classId) ?? classId,
  };
}

/** One line per rider the corrected results would move, naming races as the sheet does. */
export function changeText(change: MainsChange, riders: Riders, raceName: (raceId: string) => string): string {
  const who = riders.label(change.rider_id);
  switch (change.kind) {
    case 'in':
      return `${who} would join ${raceName(change.race_id)} in lane ${change.lane}`;
    case 'out':
      return `${who} would drop out of ${raceName(change.race_id)} (lane ${change.lane})`;
    case 'moved':
      return `${who} would move from ${raceName(change.from_race_id)} lane ${change.from_lane} to ${raceName(change.to_race_id)} lane ${change.to_lane}`;
    case 'lane':
      return `${who} would take lane ${change.to_lane} in ${raceName(change.race_id)}, not lane ${change.from_lane}`;
  }
}

export const STATUS_WORDS: Record<MeetingRaceView['status'], string> = { waiting: 'waiting', staged: 'staged', running: 'running', finished: 'finished', skipped: 'skipped' };
