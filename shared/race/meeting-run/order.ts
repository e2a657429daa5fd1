/** @module A meeting's running order: BMX motos from the sheet, then the confirmed stages (semis before mains), then RC heats round by round and mains lowest first; each race with its lineup, and what keeps it from the gate. */
import { resolveFormat } from '../meeting/bmx-format.ts';
import type { ProposedRace } from '../meeting/bmx-stage.ts';
import { readGroupMotos } from '../meeting/moto-results.ts';
import { motoLineup } from '../meeting/moto-sheet.ts';
import { nowAndNext } from '../meeting/now-next.ts';
import { fillBumps, type RcMain } from '../meeting/rc-mains.ts';
import type { SheetMoto } from '../meeting/sheet-types.ts';
import type { EngineState } from '../state.ts';
import { bmxFormatOf, rcSetupOf } from './mains.ts';
import { bmxResults, finishedRun, runOf, timedOrder } from './results.ts';
import type { MeetingRaceView, MeetingState, MeetingView, PlannedRace, PlannedSlot } from './types.ts';

export interface OrderEntry {
  planned: PlannedRace;
  /** Why it cannot be staged yet (a result it depends on), or null. */
  blocked: string | null;
  /** Every rider transferred out of it: nothing to run. */
  skipped: boolean;
}

const STAGE_RANK: Record<string, number> = { sixteenth: 0, eighth: 1, quarter: 2, semi: 3, main: 4 };

function motoEntries(state: EngineState, meeting: MeetingState): OrderEntry[] {
  const sheet = meeting.sheet;
  if (!sheet) return [];
  const results = bmxResults(state, meeting);
  const read = new Map(sheet.groups.map((g) => {
    const format = resolveFormat(bmxFormatOf(meeting, meeting.groups[g.group_id]!), g.splits.flat().length);
    const code = format.kind === 'transfer' ? format.code : null;
    return [g.group_id, { ...readGroupMotos(sheet, g.group_id, results, code), transfers_matter: code !== null }];
  }));
  // The first moto of each split still without a result: the split's later motos wait for it.
  const firstWaiting = new Map<string, SheetMoto>();
  for (const moto of sheet.motos) {
    const key = `${moto.group_id}/${moto.split}`;
    if (!firstWaiting.has(key) && read.get(moto.group_id)!.waiting_for.includes(moto.race_id)) firstWaiting.set(key, moto);
  }
  return sheet.motos.map((moto) => {
    const group = read.get(moto.group_id)!;
    const gone = new Set(group.transfers.filter((t) => t.split === moto.split && t.round < moto.round).map((t) => t.rider_id));
    // Only transfers make a moto wait: under total points every rider rides every moto.
    const first = firstWaiting.get(`${moto.group_id}/${moto.split}`);
    const waitingOn = group.transfers_matter && first !== undefined && first.round < moto.round ? first : null;
    const lineup = motoLineup(moto, gone).map((s) => ({ lane: s.lane, rider_id: s.rider_id }));
    const planned: PlannedRace = { race_id: moto.race_id, name: `Moto ${moto.number}`, kind: 'moto', format: 'bmx', group_id: moto.group_id, class_ids: moto.class_ids, round: moto.round, lineup };
    const blocked = waitingOn ? `Moto ${moto.number} waits for Moto ${waitingOn.number}'s result: riders who transfer from it sit out` : null;
    return { planned, blocked, skipped: !waitingOn && lineup.length === 0 };
  });
}

const stagePlanned = (race: ProposedRace, classIds: string[]): PlannedRace => ({
  race_id: race.race_id, name: race.name, kind: 'stage', format: 'bmx', group_id: race.group_id, class_ids: classIds, round: null, lineup: race.lineup.map((s) => ({ lane: s.lane, rider_id: s.rider_id })),
});

function stageEntries(meeting: MeetingState): OrderEntry[] {
  const rows: { race: ProposedRace; group: number; depth: number }[] = [];
  meeting.group_order.forEach((gid, group) => meeting.groups[gid]!.bmx_stages.forEach((stage, depth) => stage.races.forEach((race) => rows.push({ race, group, depth }))));
  rows.sort((a, b) => STAGE_RANK[a.race.stage]! - STAGE_RANK[b.race.stage]! || a.depth - b.depth || a.group - b.group || a.race.index - b.race.index);
  return rows.map(({ race }) => ({ planned: stagePlanned(race, meeting.groups[race.group_id]!.class_ids), blocked: null, skipped: false }));
}

function heatEntries(meeting: MeetingState): OrderEntry[] {
  const classOrder = meeting.group_order;
  const heats = [...meeting.heats].sort((a, b) => a.round - b.round || classOrder.indexOf(a.class_id) - classOrder.indexOf(b.class_id) || a.heat - b.heat);
  return heats.map((h) => ({
    planned: { race_id: h.race_id, name: h.name, kind: 'qualifier', format: 'timed', group_id: h.class_id, class_ids: [h.class_id], round: h.round, lineup: h.drivers.map((rider_id, i) => ({ lane: i + 1, rider_id })) },
    blocked: null,
    skipped: false,
  }));
}

/** Confirmed mains with the bump places of every finished lower main filled. */
export function filledMains(state: EngineState, meeting: MeetingState, mains: RcMain[]): RcMain[] {
  let out = mains;
  for (const main of mains) {
    const run = finishedRun(state, meeting, main.race_id);
    if (run) out = fillBumps(out, main.letter, timedOrder(run));
  }
  return out;
}

/** A main's grid as planned; a bump place names the main whose finisher takes (or took) it, so a filled one still reads as a bump. */
export function gridLineup(main: RcMain, mains: readonly RcMain[]): PlannedSlot[] {
  return main.grid.map((s) => {
    if (s.bump === null) return { lane: s.grid, rider_id: s.rider_id };
    const from = mains.find((m) => m.letter === s.bump!.from)?.name ?? `${s.bump.from}-Main`;
    return { lane: s.grid, rider_id: s.rider_id, bump: { from, place: s.bump.place } };
  });
}

/** The A-main once, or as legs `A-Main 1`, `A-Main 2` … when several are scored together. */
export function mainLegs(main: RcMain, legs: number): { race_id: string; name: string }[] {
  if (main.letter !== 'A' || legs <= 1) return [{ race_id: main.race_id, name: main.name }];
  return Array.from({ length: legs }, (_, i) => ({ race_id: `${main.race_id}-${i + 1}`, name: `${main.name} ${i + 1}` }));
}

function mainEntries(state: EngineState, meeting: MeetingState): OrderEntry[] {
  const rows: { entry: OrderEntry; letter: number; group: number; leg: number }[] = [];
  meeting.group_order.forEach((gid, group) => {
    const confirmed = meeting.groups[gid]!.rc_mains;
    if (!confirmed) return;
    const mains = filledMains(state, meeting, confirmed.races);
    mains.forEach((main, letter) => {
      const lower = main.grid.find((s) => s.bump !== null)?.bump?.from ?? null;
      const lowerMain = lower ? mains.find((m) => m.letter === lower)! : null;
      const blocked = lowerMain && !finishedRun(state, meeting, lowerMain.race_id) ? `${main.name} waits for ${lowerMain.name}: its best ${main.grid.filter((s) => s.bump).length} start at the back` : null;
      const lineup = gridLineup(main, mains);
      mainLegs(main, rcSetupOf(meeting, gid).a_mains.legs).forEach((leg, i) =>
        rows.push({ entry: { planned: { race_id: leg.race_id, name: leg.name, kind: 'main', format: 'timed', group_id: gid, class_ids: [gid], round: null, lineup }, blocked, skipped: false }, letter, group, leg: i }),
      );
    });
  });
  // Lower mains run first; the legs of the A-mains alternate between classes.
  rows.sort((a, b) => b.letter - a.letter || a.leg - b.leg || a.group - b.group);
  return rows.map((r) => r.entry);
}

export function runningOrder(state: EngineState, meeting: MeetingState): OrderEntry[] {
  return [...motoEntries(state, meeting), ...stageEntries(meeting), ...heatEntries(meeting), ...mainEntries(state, meeting)];
}

/** Each race of the order with its number and where it stands, and now-and-next over them. */
export function orderView(state: EngineState, meeting: MeetingState, order: OrderEntry[]): { races: MeetingRaceView[]; now_next: MeetingView['now_next'] } {
  const races = order.map((entry, i): MeetingRaceView => {
    const run = runOf(state, meeting, entry.planned.race_id);
    const status = run ? (run.status as MeetingRaceView['status']) : entry.skipped ? 'skipped' : 'waiting';
    return { ...entry.planned, number: i + 1, status, run_race_id: run?.race_id ?? null };
  });
  const progress = Object.fromEntries(races.filter((r) => r.status !== 'waiting').map((r) => [r.race_id, r.status as 'staged' | 'running' | 'finished' | 'skipped']));
  const next = nowAndNext(races, progress);
  return {
    races,
    now_next: { running: next.running.map((r) => r.race_id), at_gate: next.at_gate?.race_id ?? null, staging: next.staging.map((r) => r.race_id), at_gate_number: next.at_gate?.number ?? null, total: races.length },
  };
}

