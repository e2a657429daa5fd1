/** @module The staging form as data: lineup picks with BMX lanes, duration text, and the `race.stage` arguments they become. */
import type { RaceFormat } from '../../shared/contracts/control.ts';

export interface LineupPick {
  rider_id: string;
  /** As typed, so a half-edited lane does not jump. */
  lane: string;
}

export interface StageDraft {
  format: RaceFormat;
  class_id: string;
  name: string;
  round: string;
  picks: LineupPick[];
  /** `m:ss` (or `h:mm:ss`); a bare number is minutes. */
  duration: string;
  min_lap_s: string;
  start_mode: 'staggered' | 'mass';
  /** BMX: a finish earlier than this after the gate is not one; riders out longer are DNF. */
  min_time_s: string;
  max_time_s: string;
}

export const GATE_LANES = 8;

export function emptyStage(format: RaceFormat = 'bmx'): StageDraft {
  return { format, class_id: '', name: '', round: '', picks: [], duration: '5:00', min_lap_s: '5', start_mode: 'staggered', min_time_s: '10', max_time_s: '180' };
}

/** `5:00` → 300000, `1:02:03` → 3723000, `8` → 480000; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 60_000);
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const [, h = '0', m = '0', s = '0'] = match;
  if (Number(s) >= 60) return null;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
}

/** Lowest lane 1-8 nobody holds; 0 when the gate is full. */
export function nextFreeLane(picks: LineupPick[]): number {
  const held = new Set(picks.map((p) => Number(p.lane)));
  for (let lane = 1; lane <= GATE_LANES; lane += 1) if (!held.has(lane)) return lane;
  return 0;
}

/** Picks or drops a rider; a new BMX pick takes the next free lane, in the order staff tap riders. */
export function togglePick(picks: LineupPick[], riderId: string): LineupPick[] {
  if (picks.some((p) => p.rider_id === riderId)) return picks.filter((p) => p.rider_id !== riderId);
  const lane = nextFreeLane(picks);
  return [...picks, { rider_id: riderId, lane: lane === 0 ? '' : String(lane) }];
}

/** The whole class at once (a timed heat, a small moto); a BMX gate takes its first eight, in lanes 1-8. */
export function pickAll(riderIds: string[], bmx: boolean): LineupPick[] {
  return (bmx ? riderIds.slice(0, GATE_LANES) : riderIds).map((rider_id, i) => ({ rider_id, lane: bmx ? String(i + 1) : '' }));
}

export function setLane(picks: LineupPick[], riderId: string, lane: string): LineupPick[] {
  return picks.map((p) => (p.rider_id === riderId ? { ...p, lane } : p));
}

/** Lanes 1..n in the current order, after riders were dropped from the middle. */
export function renumberLanes(picks: LineupPick[]): LineupPick[] {
  return picks.map((p, i) => ({ ...p, lane: String(i + 1) }));
}

export type StageArgs = { ok: true; args: Record<string, unknown> } | { ok: false; problem: string };

/** The `race.stage` arguments; only what the form itself cannot send (an unreadable duration) is refused here. */
export function stageArgs(draft: StageDraft, eventId: string): StageArgs {
  const args: Record<string, unknown> = {
    event_id: eventId,
    format: draft.format,
    ...(draft.class_id ? { class_id: draft.class_id } : {}),
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(draft.round.trim() ? { round: Number(draft.round) } : {}),
    lineup: draft.picks.map((p) => ({
      rider_id: p.rider_id,
      ...(draft.format === 'bmx' && p.lane.trim() ? { lane: Number(p.lane) } : {}),
    })),
  };
  if (draft.format !== 'bmx') {
    const minLap = Number(draft.min_lap_s);
    if (draft.min_lap_s.trim() && Number.isFinite(minLap)) args.min_lap_ms = Math.round(minLap * 1000);
  }
  if (draft.format === 'bmx') {
    const seconds = (text: string) => (text.trim() && Number.isFinite(Number(text)) ? Math.round(Number(text) * 1000) : undefined);
    const min = seconds(draft.min_time_s);
    const max = seconds(draft.max_time_s);
    if (min !== undefined) args.min_time_ms = min;
    if (max !== undefined) args.max_time_ms = max;
  }
  if (draft.format === 'timed') {
    const duration = parseDuration(draft.duration);
    if (duration === null) return { ok: false, problem: `duration "${draft.duration}" is not m:ss` };
    args.duration_ms = duration;
    args.start_mode = draft.start_mode;
  }
  return { ok: true, args };
}

/** What the proposals read of the event and its races; the views carry more. */
interface EventClasses {
  classes: { class_id: string; format: RaceFormat | null }[];
  riders: { class_id: string | null }[];
  decoders: { role: 'start' | 'finish' | 'lap' }[];
}
interface RaceSeen {
  class_id: string | null;
  format: RaceFormat;
  name: string;
  status: string;
}

/** The class a new race starts on: the first with riders, else the first; none when the event has no classes. */
export function defaultClass(event: EventClasses): string {
  const withRiders = event.classes.find((c) => event.riders.some((r) => r.class_id === c.class_id));
  return (withRiders ?? event.classes[0])?.class_id ?? '';
}

/**
 * The format a class races in: its own; else the one most of the event's classes name; else the
 * decoders' (a start gate is BMX, a lap loop RC); else a timed race, which any loop can time.
 */
export function defaultFormat(event: EventClasses, classId: string): RaceFormat {
  const own = event.classes.find((c) => c.class_id === classId)?.format;
  if (own) return own;
  const counts = new Map<RaceFormat, number>();
  for (const c of event.classes) if (c.format) counts.set(c.format, (counts.get(c.format) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (common) return common;
  if (event.decoders.some((d) => d.role === 'start')) return 'bmx';
  return 'timed';
}

const PREFIX: Record<RaceFormat, string> = { bmx: 'Moto', timed: 'Heat', practice: 'Practice' };
/** A BMX class runs three motos, then its main (transfer rounds and mains come from the meeting). */
const BMX_MOTOS = 3;

/**
 * The name and round staff and spectators read for the next race of a class in a format: `Moto 2`
 * after Moto 1, `Heat 3` after two heats, `Main` after three motos; numbered past the highest number
 * already used (a reset race's number is used again), never an internal id.
 */
export function proposeRace(races: RaceSeen[], classId: string, format: RaceFormat): { name: string; round: string } {
  const prefix = PREFIX[format];
  const pattern = new RegExp(`^${prefix} (\\d+)$`);
  let highest = 0;
  let counted = 0;
  for (const r of races) {
    if (r.status === 'reset' || r.format !== format || (r.class_id ?? '') !== classId || !r.name.startsWith(`${prefix} `)) continue;
    counted += 1;
    highest = Math.max(highest, Number(pattern.exec(r.name)?.[1] ?? 0));
  }
  // Races named by the box itself (`Moto r3`) carry no number but still count.
  const next = Math.max(highest, counted) + 1;
  if (format === 'bmx' && next > BMX_MOTOS) return { name: 'Main', round: '' };
  return { name: `${prefix} ${next}`, round: format === 'practice' ? '' : String(next) };
}

/** Names offered beside the proposal: mains for RC, the main and transfer rounds for BMX. */
export function nameChoices(format: RaceFormat, proposal: string): string[] {
  const extra = format === 'timed' ? ['A-Main', 'B-Main', 'C-Main'] : format === 'bmx' ? ['Quarter 1', 'Semi 1', 'Main'] : ['Open practice'];
  return [proposal, ...extra.filter((n) => n !== proposal)];
}
