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
