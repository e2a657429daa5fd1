/** @module The meeting intents checked against the state (so the box answers 409 and a replay refuses alike) and applied: setup, draw, stage the next race, propose and confirm mains. */
import { DEFAULT_TIMED, type ControlPayload, type IntentArgs, type RaceStage } from '../../contracts/control.ts';
import type { Emitter } from '../emitter.ts';
import { checkStage, stage } from '../intents.ts';
import type { EngineState } from '../state.ts';
import { freeRaceId } from './ids.ts';
import { bmxProposal, rcProposal, rcSetupOf } from './mains.ts';
import { runningOrder, type OrderEntry } from './order.ts';
import { runOf } from './results.ts';
import { drawMotos, setupMeeting } from './setup.ts';
import type { MeetingState } from './types.ts';

export type MeetingIntent = Extract<ControlPayload, { intent: `meeting.${string}` }>;
type Check = string | null;

export const isMeetingIntent = (intent: ControlPayload): intent is MeetingIntent => intent.intent.startsWith('meeting.');

function archivedOrMissing(state: EngineState, eventId: string): Check {
  if (state.archived_events.includes(eventId)) return `event ${eventId} is archived and its results are final: set up a new event id`;
  return state.events[eventId] ? null : `event ${eventId} is not set up: send event.setup first`;
}

const meetingOf = (state: EngineState, eventId: string): MeetingState | undefined => state.meetings[eventId];

/** The race meeting.stage_next would stage, or why none. */
function nextEntry(state: EngineState, meeting: MeetingState, raceId: string | undefined): OrderEntry | string {
  const order = runningOrder(state, meeting);
  if (raceId !== undefined) {
    const entry = order.find((e) => e.planned.race_id === raceId);
    if (!entry) return `race ${raceId} is not in the meeting's running order`;
    const run = runOf(state, meeting, raceId);
    if (run) return `${entry.planned.name} is ${run.status} (race ${run.race_id})`;
    return entry.skipped ? `${entry.planned.name} has no riders left: every one of them transferred` : entry;
  }
  const entry = order.find((e) => !e.skipped && !runOf(state, meeting, e.planned.race_id));
  if (entry) return entry;
  return order.length === 0 ? 'the meeting has no races yet: draw the motos, or set up RC classes with drivers' : 'every race of the running order has been staged: propose and confirm the next mains';
}

function stageArgs(meeting: MeetingState, entry: OrderEntry, raceId: string): RaceStage {
  const p = entry.planned;
  const riders = p.lineup.filter((s): s is { lane: number; rider_id: string } => s.rider_id !== null);
  const base = { event_id: meeting.event_id, race_id: raceId, class_id: p.class_ids[0]!, name: p.name, ...(p.round !== null ? { round: p.round } : {}) };
  if (p.format === 'bmx') {
    const bmx = meeting.setup.bmx!;
    return { ...base, format: 'bmx', lineup: riders.map((s) => ({ rider_id: s.rider_id, lane: s.lane })), min_time_ms: bmx.min_time_ms, max_time_ms: bmx.max_time_ms };
  }
  const cls = rcSetupOf(meeting, p.group_id);
  const main = p.kind === 'main';
  // Qualifying runs staggered (each driver's clock from their first crossing); mains start from a grid.
  return { ...base, format: 'timed', lineup: riders.map((s) => ({ rider_id: s.rider_id })), duration_ms: main ? cls.main_ms : cls.qualifying_ms, min_lap_ms: cls.min_lap_ms, overtime_ms: DEFAULT_TIMED.overtime_ms, start_mode: main ? 'mass' : 'staggered' };
}

function stageNext(state: EngineState, meeting: MeetingState, args: IntentArgs<'meeting.stage_next'>): { entry: OrderEntry; stage: RaceStage } | string {
  const entry = nextEntry(state, meeting, args.race_id);
  if (typeof entry === 'string') return entry;
  if (entry.blocked) return entry.blocked;
  if (!entry.planned.lineup.some((s) => s.rider_id !== null)) return `${entry.planned.name} has nobody on its grid yet`;
  return { entry, stage: stageArgs(meeting, entry, freeRaceId(entry.planned.race_id, (id) => state.races[id] !== undefined)) };
}

function checkSetup(state: EngineState, args: IntentArgs<'meeting.setup'>): Check {
  const event = state.events[args.event_id]!;
  const known = new Set(event.classes.map((c) => c.class_id));
  const missing = [...(args.bmx?.classes ?? []), ...(args.rc?.classes ?? [])].find((c) => !known.has(c.class_id));
  if (missing) return `class ${missing.class_id} is not in event ${args.event_id}`;
  const started = Object.keys(meetingOf(state, args.event_id)?.runs ?? {})[0];
  return started ? `the meeting has begun (race ${meetingOf(state, args.event_id)!.runs[started]} was staged): its setup is fixed` : null;
}

function checkDraw(state: EngineState, meeting: MeetingState, args: IntentArgs<'meeting.draw_motos'>): Check {
  if (!meeting.setup.bmx) return `the meeting of ${meeting.event_id} has no BMX classes`;
  const staged = meeting.sheet?.motos.find((m) => meeting.runs[m.race_id] !== undefined);
  if (staged) return `Moto ${staged.number} has been staged: the moto sheet is final`;
  const ids = new Set(meeting.setup.bmx.classes.map((c) => c.class_id));
  const stray = Object.keys(args.seeding ?? {}).find((id) => !ids.has(id));
  if (stray) return `seeding names class ${stray}, which is not one of the meeting's BMX classes`;
  const event = state.events[meeting.event_id]!;
  return event.riders.some((r) => r.class_id !== null && ids.has(r.class_id)) ? null : `no rider of event ${meeting.event_id} is in the meeting's BMX classes`;
}

function groupOf(meeting: MeetingState, groupId: string) {
  const group = meeting.groups[groupId];
  return group ?? `no group ${groupId} in the meeting (groups: ${meeting.group_order.join(', ') || 'none yet: draw the motos'})`;
}

function proposal(state: EngineState, meeting: MeetingState, groupId: string) {
  const group = groupOf(meeting, groupId);
  if (typeof group === 'string') return group;
  return group.kind === 'bmx' ? bmxProposal(state, meeting, group) : rcProposal(state, meeting, group);
}

function checkConfirm(state: EngineState, meeting: MeetingState, args: IntentArgs<'meeting.confirm_mains'>): Check {
  const group = groupOf(meeting, args.group_id);
  if (typeof group === 'string') return group;
  const proposed = group.kind === 'bmx' ? group.bmx_proposed : group.rc_proposed;
  if (!proposed) return `${args.group_id} has no mains proposed: send meeting.propose_mains first`;
  if (!args.races) return null;
  if (group.kind === 'rc') return 'RC mains are confirmed as proposed: their grids come from the qualifying order';
  const ids = group.bmx_proposed!.map((r) => r.race_id);
  const given = args.races.map((r) => r.race_id);
  if (given.length !== ids.length || ids.some((id) => !given.includes(id))) return `races must be the proposed ${ids.join(', ')}, each once`;
  const members = new Set(meeting.sheet!.groups.find((g) => g.group_id === group.group_id)!.splits.flat());
  const seen = new Set<string>();
  for (const [i, race] of args.races.entries()) {
    for (const [j, slot] of race.lineup.entries()) {
      if (!members.has(slot.rider_id)) return `races[${i}].lineup[${j}]: rider ${slot.rider_id} does not ride in ${group.group_id}`;
      if (seen.has(slot.rider_id)) return `races[${i}].lineup[${j}]: rider ${slot.rider_id} is in two races`;
      if (slot.lane > meeting.setup.bmx!.gate_size) return `races[${i}].lineup[${j}]: the gate has ${meeting.setup.bmx!.gate_size} lanes`;
      seen.add(slot.rider_id);
    }
  }
  return null;
}

export function checkMeetingIntent(state: EngineState, intent: MeetingIntent): Check {
  const missing = archivedOrMissing(state, intent.args.event_id);
  if (missing) return missing;
  if (intent.intent === 'meeting.setup') return checkSetup(state, intent.args);
  const meeting = meetingOf(state, intent.args.event_id);
  if (!meeting) return `event ${intent.args.event_id} has no meeting: send meeting.setup first`;
  switch (intent.intent) {
    case 'meeting.draw_motos':
      return checkDraw(state, meeting, intent.args);
    case 'meeting.stage_next': {
      const next = stageNext(state, meeting, intent.args);
      return typeof next === 'string' ? next : checkStage(state, next.stage);
    }
    case 'meeting.propose_mains': {
      const proposed = proposal(state, meeting, intent.args.group_id);
      return typeof proposed === 'string' ? proposed : null;
    }
    case 'meeting.confirm_mains':
      return checkConfirm(state, meeting, intent.args);
  }
}

/** Applies a meeting intent that checkMeetingIntent accepted. */
export function applyMeetingIntent(state: EngineState, intent: MeetingIntent, envelopeId: string, out: Emitter): void {
  const eventId = intent.args.event_id;
  const event = state.events[eventId]!;
  if (intent.intent === 'meeting.setup') {
    state.meetings[eventId] = setupMeeting(state.meetings[eventId], event, intent.args, envelopeId);
    return;
  }
  const meeting = state.meetings[eventId]!;
  switch (intent.intent) {
    case 'meeting.draw_motos':
      return drawMotos(meeting, event, intent.args, envelopeId);
    case 'meeting.stage_next': {
      const next = stageNext(state, meeting, intent.args) as Exclude<ReturnType<typeof stageNext>, string>;
      stage(state, next.stage, intent.at_us, out);
      meeting.runs[next.entry.planned.race_id] = next.stage.race_id!;
      return;
    }
    case 'meeting.propose_mains': {
      const group = meeting.groups[intent.args.group_id]!;
      const proposed = proposal(state, meeting, group.group_id) as Exclude<ReturnType<typeof proposal>, string>;
      if (group.kind === 'bmx') group.bmx_proposed = proposed as NonNullable<typeof group.bmx_proposed>;
      else group.rc_proposed = proposed as NonNullable<typeof group.rc_proposed>;
      return;
    }
    case 'meeting.confirm_mains': {
      const group = meeting.groups[intent.args.group_id]!;
      if (group.kind === 'rc') {
        group.rc_mains = { basis: group.rc_proposed!, races: group.rc_proposed! };
        group.rc_proposed = null;
      } else {
        const basis = group.bmx_proposed!;
        const edited = intent.args.races;
        const races = edited
          ? basis.map((race) => {
              const lineup = edited.find((r) => r.race_id === race.race_id)!.lineup;
              const choice = new Map(race.lineup.map((s) => [s.rider_id, s.choice]));
              return { ...race, lineup: lineup.map((s) => ({ lane: s.lane, rider_id: s.rider_id, choice: choice.get(s.rider_id) ?? 0 })).sort((a, b) => a.lane - b.lane) };
            })
          : basis;
        group.bmx_stages.push({ basis, races });
        group.bmx_proposed = null;
      }
      group.warning = [];
      return;
    }
  }
}
