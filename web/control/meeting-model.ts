/** @module The race meeting as race control reads it: setup defaults from the event's classes, the More settings checked and turned into `meeting.setup`, the running order folded by round, riders by plate and name, and a mains warning in words. */
import type { MainsChange } from '../../shared/race/meeting/mains-diff.ts';
import type { MeetingRaceView, MeetingView, PlannedRace } from '../../shared/race/meeting-run/types.ts';
import { USA_BMX_TRANSFERS, type TransferTable } from '../../shared/race/meeting/bmx-format.ts';
import type { EventView } from '../shared/live-types.ts';
import { parseDuration } from './stage-model.ts';

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
  /** BMX: classes given the same letter may ride together while they fit one gate; '' rides alone. */
  combine: string;
}

/** A transfer table row as typed: classes of `min` to `max` riders (blank: and up), a count per moto, or null for total points. */
export interface TransferRowDraft {
  min: string;
  max: string;
  counts: string[] | null;
}

/** The folded More settings as typed: text, so a half-typed number is named back to staff rather than guessed. */
export interface MoreDraft {
  gateSize: string;
  minTimeS: string;
  maxTimeS: string;
  table: TransferRowDraft[];
  /** RC, for every RC class at once. Lengths in minutes (or m:ss). */
  heatSize: string;
  qualifyingLength: string;
  mainLength: string;
  minLapS: string;
  /** Round points: rounds that count; null follows the rounds (all but the worst). */
  pointsCount: string | null;
  consecutiveLaps: string;
  aMainLegs: string;
  aMainCount: string;
}

export interface SetupDraft {
  rounds: number;
  /** RC mains: drivers per main, and the places at the back of each main kept for the best of the main below. */
  mainSize: number;
  bumps: number;
  classes: ClassDraft[];
  more: MoreDraft;
}

const transferRows = (table: Readonly<TransferTable>): TransferRowDraft[] =>
  table.map((row) => ({ min: String(row.min), max: row.max === null ? '' : String(row.max), counts: row.code ? row.code.map(String) : null }));

/** The table the box uses when none is sent: the engine's own, so the form cannot drift from it. */
export const standardTransferRows = (): TransferRowDraft[] => transferRows(USA_BMX_TRANSFERS);

/** Only a table staff edited is sent; the box fills in its own otherwise. */
export const transferTableChanged = (more: MoreDraft): boolean => JSON.stringify(more.table) !== JSON.stringify(standardTransferRows());

/** The contract's defaults in the units staff type (the model test holds them to meetingSetupSchema's). */
export function moreDraft(): MoreDraft {
  return { gateSize: '8', minTimeS: '10', maxTimeS: '180', table: standardTransferRows(), heatSize: '10', qualifyingLength: '5', mainLength: '5', minLapS: '5', pointsCount: null, consecutiveLaps: '3', aMainLegs: '1', aMainCount: '1' };
}

/** Each class as its event format says: BMX classes ride the transfer table, timed classes qualify on their best round. */
export function setupDraft(event: EventView): SetupDraft {
  return {
    rounds: 3,
    mainSize: 10,
    bumps: 0,
    classes: event.classes.map((c) => ({ class_id: c.class_id, name: c.name, kind: c.format === 'bmx' ? 'bmx' : c.format === 'timed' ? 'rc' : null, bmx: 'transfer', rc: 'best_round', combine: '' })),
    more: moreDraft(),
  };
}

/** Letters a BMX class can be combined under: at most one group per two classes. */
export const combineLetters = (bmxClasses: number): string[] => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, Math.floor(bmxClasses / 2)).split('');

/** Combined groups by letter, each in the classes' order. */
function combineGroups(bmx: ClassDraft[]): [string, ClassDraft[]][] {
  const groups = new Map<string, ClassDraft[]>();
  for (const c of bmx) if (c.combine) groups.set(c.combine, [...(groups.get(c.combine) ?? []), c]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b));
}

/** Round points count all but the worst round unless staff say otherwise, as clubs usually score it. */
export const pointsCountOf = (draft: SetupDraft): string => draft.more.pointsCount ?? String(Math.max(1, draft.rounds - 1));

const WHOLE = /^\s*\d+\s*$/;
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

/** Range checks that name the field as the form labels it. */
function checks() {
  const problems: string[] = [];
  const within = (label: string, text: string, pattern: RegExp, min: number, max: number, range: string): number => {
    const value = pattern.test(text) ? Number(text) : Number.NaN;
    if (value >= min && value <= max) return value;
    problems.push(`${label}: ${range}`);
    // Out of range reads as unknown, so no check built on it adds a second line for the same field.
    return Number.NaN;
  };
  return {
    problems,
    add: (line: string) => problems.push(line),
    whole: (label: string, text: string, min: number, max: number) => within(label, text, WHOLE, min, max, `a whole number from ${min} to ${max}`),
    seconds: (label: string, text: string, min: number, max: number) => within(label, text, DECIMAL, min, max, `${min} to ${max} seconds`),
    length(label: string, text: string): void {
      const ms = parseDuration(text);
      if (ms === null || ms < 10_000 || ms > 3_600_000) problems.push(`${label}: minutes (5, 2.5) or m:ss, from 10 s to 60 min`);
    },
  };
}

function transferProblems(check: ReturnType<typeof checks>, table: TransferRowDraft[], rounds: number): void {
  if (table.length === 0) check.add('Transfer table: keep at least one row');
  table.forEach((row, i) => {
    const name = `Transfer table row ${i + 1}`;
    const min = check.whole(`${name}, riders from`, row.min, 1, 2000);
    if (row.max.trim() !== '') check.whole(`${name}, riders to (blank: and up)`, row.max, Number.isNaN(min) ? 1 : min, 2000);
    row.counts?.slice(0, rounds).forEach((count, m) => {
      if (count.trim() !== '') check.whole(`${name}, moto ${m + 1}`, count, 0, 8);
    });
  });
}

/** What the form refuses before sending, one line per field; empty when it can go. */
export function setupProblems(draft: SetupDraft): string[] {
  const { more } = draft;
  const check = checks();
  const bmx = draft.classes.filter((c) => c.kind === 'bmx');
  if (bmx.length > 0) {
    check.whole('Rounds', String(draft.rounds), 1, 5);
    check.whole('Gate size', more.gateSize, 2, 8);
    const min = check.seconds('Min race time', more.minTimeS, 0, 600);
    const max = check.seconds('Max race time', more.maxTimeS, 5, 3600);
    if (min >= max) check.add(`Max race time: longer than the min race time (${more.minTimeS.trim()} s)`);
    for (const [letter, group] of combineGroups(bmx)) if (group.length < 2) check.add(`Combine ${letter}: ${group[0]!.name} needs a second class to ride with`);
    if (transferTableChanged(more)) transferProblems(check, more.table, draft.rounds);
  }
  const rc = draft.classes.filter((c) => c.kind === 'rc');
  if (rc.length > 0) {
    if (bmx.length === 0) check.whole('Rounds', String(draft.rounds), 1, 10);
    check.whole('Main size', String(draft.mainSize), 2, 40);
    check.whole('Heat size', more.heatSize, 1, 40);
    check.length('Qualifying heat', more.qualifyingLength);
    check.length('Main length', more.mainLength);
    check.seconds('Min lap', more.minLapS, 0, 600);
    if (rc.some((c) => c.rc === 'round_points')) check.whole('Rounds that count', pointsCountOf(draft), 1, draft.rounds);
    if (rc.some((c) => c.rc === 'consecutive')) check.whole('Consecutive laps', more.consecutiveLaps, 2, 20);
    const legs = check.whole('A-mains run', more.aMainLegs, 1, 5);
    check.whole('A-mains that count', more.aMainCount, 1, Number.isNaN(legs) ? 5 : legs);
    const bumps = check.whole('Bumps', String(draft.bumps), 0, 10);
    if (bumps >= draft.mainSize) check.add(`Bumps: fewer than the main size (${draft.mainSize})`);
  }
  return check.problems;
}

const ms = (seconds: string) => Math.round(Number(seconds) * 1000);

function transferTable(table: TransferRowDraft[], rounds: number): TransferTable {
  // A blank count is 0: nobody transfers after that moto.
  return table.map((row) => ({
    min: Number(row.min),
    max: row.max.trim() === '' ? null : Number(row.max),
    code: row.counts === null ? null : Array.from({ length: rounds }, (_, m) => Number(row.counts![m]?.trim() || 0)),
  }));
}

function rcRanking(c: ClassDraft, draft: SetupDraft): Record<string, unknown> {
  if (c.rc === 'round_points') return { kind: 'round_points', count: Number(pointsCountOf(draft)) };
  if (c.rc === 'consecutive') return { kind: 'consecutive', laps: Number(draft.more.consecutiveLaps) };
  return { kind: 'best_round' };
}

/** The `meeting.setup` body for a draft `setupProblems` passed: BMX and RC classes apart, the same number of rounds for both. */
export function setupArgs(eventId: string, draft: SetupDraft): Record<string, unknown> {
  const { more } = draft;
  const bmx = draft.classes.filter((c) => c.kind === 'bmx');
  const rc = draft.classes.filter((c) => c.kind === 'rc');
  const bmxSetup = {
    rounds: draft.rounds,
    gate_size: Number(more.gateSize),
    combine: combineGroups(bmx).flatMap(([, group]) => (group.length > 1 ? [group.map((c) => c.class_id)] : [])),
    min_time_ms: ms(more.minTimeS),
    max_time_ms: ms(more.maxTimeS),
    ...(transferTableChanged(more) ? { transfer_table: transferTable(more.table, draft.rounds) } : {}),
    classes: bmx.map((c) => ({ class_id: c.class_id, format: c.bmx })),
  };
  const rcClass = (c: ClassDraft) => ({
    class_id: c.class_id,
    qualifying_rounds: draft.rounds,
    heat_size: Number(more.heatSize),
    ranking: rcRanking(c, draft),
    main_size: draft.mainSize,
    bumps: draft.bumps,
    a_mains: { legs: Number(more.aMainLegs), count: Number(more.aMainCount) },
    qualifying_ms: parseDuration(more.qualifyingLength),
    main_ms: parseDuration(more.mainLength),
    min_lap_ms: ms(more.minLapS),
  });
  return {
    event_id: eventId,
    ...(bmx.length > 0 ? { bmx: bmxSetup } : {}),
    ...(rc.length > 0 ? { rc: { classes: rc.map(rcClass) } } : {}),
  };
}

const BMX_FIELDS: Record<string, string> = {
  rounds: 'Rounds',
  gate_size: 'Gate size',
  combine: 'Combine small classes',
  min_time_ms: 'Min race time',
  max_time_ms: 'Max race time',
  classes: 'BMX classes',
  transfer_table: 'Transfer table',
};
const RC_FIELDS: Record<string, string> = {
  qualifying_rounds: 'Rounds',
  heat_size: 'Heat size',
  ranking: 'Ranking',
  'ranking.count': 'Rounds that count',
  'ranking.laps': 'Consecutive laps',
  main_size: 'Main size',
  bumps: 'Bumps',
  a_mains: 'A-mains',
  'a_mains.legs': 'A-mains run',
  'a_mains.count': 'A-mains that count',
  qualifying_ms: 'Qualifying heat',
  main_ms: 'Main length',
  min_lap_ms: 'Min lap',
};
const TRANSFER_CELLS: Record<string, string> = { min: 'riders from', max: 'riders to', code: 'transfers' };

/** The form's label for a field the box refused (`bmx.transfer_table.2.max`), or null for one it has none for. */
function fieldLabel(path: string[], draft: SetupDraft): string | null {
  const [side, field, ...rest] = path;
  if (side === 'bmx' && field === 'transfer_table' && rest.length > 0) {
    const cell = rest[1] ? TRANSFER_CELLS[rest[1]] : undefined;
    return `Transfer table row ${Number(rest[0]) + 1}${cell ? `, ${cell}` : ''}`;
  }
  if (side === 'bmx' && field) return BMX_FIELDS[field] ?? null;
  if (side === 'rc' && field === 'classes' && rest.length > 1) {
    const name = draft.classes.filter((c) => c.kind === 'rc')[Number(rest[0])]?.name;
    const label = RC_FIELDS[rest.slice(1).join('.')] ?? RC_FIELDS[rest[1]!];
    return label && name ? `${label} (${name})` : null;
  }
  return null;
}

/** A refusal line from the box (`bmx.gate_size: …`) with the field named as the form labels it. */
export function namedProblem(line: string, draft: SetupDraft): string {
  const match = /^((?:bmx|rc)(?:\.[\w]+)+): (.*)$/s.exec(line);
  const label = match ? fieldLabel(match[1]!.split('.'), draft) : null;
  return label ? `${label}: ${match![2]}` : line;
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
