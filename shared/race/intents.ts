/** @module Race-control intents applied to the engine state: each is checked against the state first, so a refusal names what is wrong. */
import { DEFAULT_GATE_TRANSPONDERS, type ControlPayload, type EventSetup, type IntentArgs, type RaceStage } from '../contracts/control.ts';
import { archiveIdleEvents } from './archive.ts';
import { configureOffset, effectiveOffset, freezeOffsets } from './clock.ts';
import { lineupCompetitors } from './competitors.ts';
import type { Emitter } from './emitter.ts';
import { applyMeetingIntent, checkMeetingIntent, isMeetingIntent } from './meeting-run/index.ts';
import { completeIfDone, deadline, deadlineReason, finishRace, publishRace, publishStandings } from './race-lifecycle.ts';
import { rebuildRace } from './scoring.ts';
import { standingsFor } from './standings.ts';
import type { EngineState, RaceState } from './state.ts';
import type { EventView } from './views.ts';

type Check = string | null;

function race(state: EngineState, raceId: string): RaceState | undefined {
  return state.races[raceId];
}

export function checkStage(state: EngineState, args: RaceStage): Check {
  const event = state.events[args.event_id];
  if (!event) return state.archived_events.includes(args.event_id) ? `event ${args.event_id} is archived and its results are final: set up a new event id` : `event ${args.event_id} is not set up: send event.setup first`;
  if (args.race_id !== undefined && state.races[args.race_id]) return `race ${args.race_id} already exists`;
  if (state.staged_race_id !== null) return `race ${state.staged_race_id} is staged and not started: start it or reset it first`;
  if (args.class_id !== undefined && !event.classes.some((c) => c.class_id === args.class_id)) return `class ${args.class_id} is not in event ${args.event_id}`;
  const used = new Map<number, string>();
  for (const [i, entry] of args.lineup.entries()) {
    const rider = event.riders.find((r) => r.rider_id === entry.rider_id);
    if (!rider) return `lineup[${i}]: rider ${entry.rider_id} is not in event ${args.event_id}`;
    const transponders = entry.transponder !== undefined ? [entry.transponder] : rider.transponders;
    if (transponders.length === 0 && args.format !== 'practice') return `lineup[${i}]: rider ${entry.rider_id} has no transponder: add one in the event setup or give lineup[${i}].transponder`;
    for (const t of transponders) {
      const other = used.get(t);
      if (other !== undefined) return `lineup[${i}]: transponder ${t} is also ${other}'s in this race`;
      used.set(t, entry.rider_id);
    }
  }
  return null;
}

const isOpen = (r: RaceState) => r.status === 'staged' || r.status === 'running';

/** Why the intent cannot apply to this state, or null when it can. */
export function checkIntent(state: EngineState, intent: ControlPayload): Check {
  if (intent.intent === 'event.setup') {
    const id = intent.args.event_id;
    return state.archived_events.includes(id) ? `event ${id} is archived and its results are final: set up a new event id` : null;
  }
  if (intent.intent === 'race.stage') return checkStage(state, intent.args);
  if (isMeetingIntent(intent)) return checkMeetingIntent(state, intent);
  const r = race(state, intent.args.race_id);
  if (!r) return `race ${intent.args.race_id} does not exist${state.archived_events.length > 0 ? ' (or is in an archived event, whose results are final)' : ''}`;
  const id = r.race_id;
  switch (intent.intent) {
    case 'race.start':
      if (r.format === 'bmx') return `race ${id} is a BMX moto: it starts with the gate drop (race.gate)`;
      return r.status === 'staged' ? null : `race ${id} is ${r.status}, not staged`;
    case 'race.gate':
      if (r.format !== 'bmx') return `race ${id} is not a BMX moto: use race.start`;
      return r.status === 'staged' ? null : `race ${id} is ${r.status}, not staged`;
    case 'race.reset':
      return isOpen(r) ? null : `race ${id} is ${r.status}: only a staged or running race can be reset (use corrections or rescore)`;
    case 'race.force_finish':
      if (r.status === 'staged') return `race ${id} has not started: reset it instead`;
      return r.status === 'running' ? null : `race ${id} is ${r.status}, not running`;
    case 'race.rescore':
      return r.status === 'reset' ? `race ${id} was reset` : null;
    case 'passing.ignore': {
      if (r.status === 'reset') return `race ${id} was reset`;
      const crossing = r.crossings.find((c) => c.ref === intent.args.ref);
      if (!crossing) return `race ${id} has no crossing ${intent.args.ref}`;
      return crossing.ignored ? `crossing ${intent.args.ref} is already ignored` : null;
    }
    case 'passing.add':
      if (r.status === 'reset' || r.started_at_us === null) return `race ${id} has not started`;
      if (r.lineup.length > 0 && !r.lineup.some((e) => e.rider_id === intent.args.rider_id)) return `rider ${intent.args.rider_id} is not in race ${id}`;
      if (r.lineup.length === 0 && !state.events[r.event_id]?.riders.some((x) => x.rider_id === intent.args.rider_id)) return `rider ${intent.args.rider_id} is not in event ${r.event_id}`;
      return null;
    case 'race.set_class': {
      if (r.status === 'reset') return `race ${id} was reset`;
      const to = intent.args.class_id;
      if (r.class_id === to) return `race ${id} is already in class ${to}`;
      if (!state.events[r.event_id]?.classes.some((c) => c.class_id === to)) return `class ${to} is not one of event ${r.event_id}'s classes`;
      // A meeting's races take their class from its sheet; moving one would leave its mains built on the wrong class.
      if (Object.values(state.meetings[r.event_id]?.runs ?? {}).includes(id)) return `race ${id} is one of the meeting's races: its class comes from the moto sheet or heat list`;
      return null;
    }
    case 'lap.confirm': {
      if (r.status === 'reset') return `race ${id} was reset`;
      const ref = intent.args.ref;
      if (r.competitors.some((c) => c.short_laps.some((l) => l.ref === ref))) return null;
      return r.crossings.some((c) => c.ref === ref) ? `crossing ${ref} is not a lap set aside as suspect_short` : `race ${id} has no crossing ${ref}`;
    }
  }
}

function eventView(args: EventSetup): EventView {
  return {
    event_id: args.event_id,
    name: args.name,
    date: args.date ?? null,
    classes: args.classes.map((c) => ({ class_id: c.class_id, name: c.name, format: c.format ?? null })),
    riders: args.riders.map((r) => ({ rider_id: r.rider_id, name: r.name, plate: r.plate || null, class_id: r.class_id ?? null, transponders: r.transponders })),
    decoders: args.decoders.map((d) => ({ decoder_id: d.decoder_id, name: d.name ?? null, role: d.role, clock_offset_us: d.clock_offset_us ?? null })),
    auto_practice: { ...args.auto_practice },
  };
}

function setupEvent(state: EngineState, args: EventSetup, atUs: number, out: Emitter): void {
  const event = eventView(args);
  if (!state.events[event.event_id]) state.event_order.push(event.event_id);
  state.events[event.event_id] = event;
  state.event_setup_us[event.event_id] = atUs;
  out.emit('event.updated', event.event_id, null, { event });
  for (const d of event.decoders) {
    if (configureOffset(state, d.decoder_id, d.clock_offset_us)) {
      const offset = effectiveOffset(state, d.decoder_id);
      if (offset !== null) out.emit('decoder.clock', null, null, { decoder_id: d.decoder_id, clock_offset_us: offset, source: d.clock_offset_us !== null ? 'configured' : 'get_time' });
    }
  }
}

export function stage(state: EngineState, args: RaceStage, atUs: number, out: Emitter): void {
  const event = state.events[args.event_id]!;
  let raceId = args.race_id;
  while (raceId === undefined || state.races[raceId]) raceId = `r${++state.race_counter}`;
  const role = (r: 'start' | 'finish' | 'lap') => event.decoders.find((d) => d.role === r)?.decoder_id ?? null;
  const r: RaceState = {
    race_id: raceId,
    event_id: args.event_id,
    class_id: args.class_id ?? null,
    name: args.name ?? `${args.format === 'bmx' ? 'Moto' : args.format === 'timed' ? 'Heat' : 'Practice'} ${raceId}`,
    round: args.round ?? null,
    format: args.format,
    status: 'staged',
    staged_at_us: atUs,
    started_at_us: null,
    finished_at_us: null,
    finish_reason: null,
    revision: 0,
    settings: {
      min_time_ms: args.format === 'bmx' ? args.min_time_ms : 0,
      max_time_ms: args.format === 'bmx' ? args.max_time_ms : 0,
      duration_ms: args.format === 'timed' ? args.duration_ms : 0,
      min_lap_ms: args.format === 'bmx' ? 0 : args.min_lap_ms,
      overtime_ms: args.format === 'timed' ? args.overtime_ms : 0,
      start_mode: args.format === 'timed' ? args.start_mode : 'staggered',
      gate_transponders: args.format === 'bmx' ? (args.gate_transponders ?? [...DEFAULT_GATE_TRANSPONDERS]) : [],
      start_decoder_id: args.format === 'bmx' ? (args.start_decoder_id ?? role('start')) : null,
      finish_decoder_id: args.finish_decoder_id ?? role(args.format === 'bmx' ? 'finish' : 'lap'),
    },
    gate: null,
    lineup: args.lineup.map((e) => ({ rider_id: e.rider_id, lane: e.lane ?? null, transponder: e.transponder ?? null })),
    offsets: {},
    crossings: [],
    competitors: [],
    corrections: [],
  };
  r.competitors = lineupCompetitors(r, event);
  state.races[raceId] = r;
  state.race_order.push(raceId);
  state.staged_race_id = raceId;
  publishRace(r, { kind: 'staged' }, out);
}

/** Starts a staged race at `atUs`: timed and practice on race.start, BMX on the gate drop. */
export function startRace(state: EngineState, r: RaceState, atUs: number, gate: RaceState['gate'], out: Emitter): void {
  freezeOffsets(state, r);
  r.status = 'running';
  r.started_at_us = atUs;
  r.gate = gate;
  state.staged_race_id = null;
  state.running.push(r.race_id);
  publishRace(r, gate ? { kind: 'gate', source: gate.source } : { kind: 'started' }, out, atUs);
}

function correct(state: EngineState, r: RaceState, out: Emitter, change: Parameters<typeof publishRace>[1]): void {
  rebuildRace(r, state.events[r.event_id]);
  publishRace(r, change, out);
  publishStandings(state, r, out);
  // An added finish can be the last one a moto was waiting for.
  if (r.format === 'bmx') completeIfDone(state, r, out.atUs, out);
}

/** Applies an intent that checkIntent accepted. */
export function applyIntent(state: EngineState, intent: ControlPayload, envelopeId: string, out: Emitter): void {
  const at = intent.at_us;
  if (intent.intent === 'meeting.stage_next') archiveIdleEvents(state, intent.args.event_id, at, out);
  if (isMeetingIntent(intent)) return applyMeetingIntent(state, intent, envelopeId, out);
  if (intent.intent === 'event.setup' || intent.intent === 'race.stage') {
    // New work begins: yesterday's events leave the live state before today's grows it.
    archiveIdleEvents(state, intent.args.event_id, at, out);
    return intent.intent === 'event.setup' ? setupEvent(state, intent.args, at, out) : stage(state, intent.args, at, out);
  }
  const r = state.races[intent.args.race_id]!;
  switch (intent.intent) {
    case 'race.start':
      return startRace(state, r, at, null, out);
    case 'race.gate':
      return startRace(state, r, at, { source: 'intent', transponder: null, decoder_id: null }, out);
    case 'race.reset':
      r.status = 'reset';
      if (state.staged_race_id === r.race_id) state.staged_race_id = null;
      state.running = state.running.filter((id) => id !== r.race_id);
      return publishRace(r, { kind: 'reset' }, out);
    case 'race.force_finish': {
      // The box's own timer sends this once a race is overdue: it then ends at its deadline.
      const end = deadline(r);
      return end !== null && at >= end ? finishRace(state, r, end, deadlineReason(r), out) : finishRace(state, r, at, 'force_finish', out);
    }
    case 'race.rescore':
      return correct(state, r, out, { kind: 'rescored' });
    case 'passing.ignore': {
      const args: IntentArgs<'passing.ignore'> = intent.args;
      const crossing = r.crossings.find((c) => c.ref === args.ref)!;
      crossing.ignored = true;
      const correction = { kind: 'ignore' as const, ref: args.ref, rider_id: crossing.rider_id, by: intent.by, reason: args.reason, at_us: at };
      r.corrections.push(correction);
      return correct(state, r, out, { kind: 'correction', correction });
    }
    case 'passing.add': {
      const args: IntentArgs<'passing.add'> = intent.args;
      const ref = `manual:${envelopeId}`;
      r.crossings.push({ ref, transponder: null, rider_id: args.rider_id, decoder_id: null, t_us: r.started_at_us! + args.time_ms * 1000, manual: true, ignored: false, claimed_by: r.race_id });
      const correction = { kind: 'add' as const, ref, rider_id: args.rider_id, by: intent.by, reason: args.reason, at_us: at };
      r.corrections.push(correction);
      return correct(state, r, out, { kind: 'correction', correction });
    }
    case 'race.set_class': {
      const args: IntentArgs<'race.set_class'> = intent.args;
      const from = r.class_id;
      const correction = { kind: 'class' as const, ref: '', rider_id: null, previous_class_id: from, class_id: args.class_id, by: intent.by, reason: args.reason, at_us: at };
      r.class_id = args.class_id;
      r.corrections.push(correction);
      correct(state, r, out, { kind: 'correction', correction });
      // The class it left loses the race from its standings.
      if (r.format !== 'practice' && r.status === 'finished') out.emit('standings.updated', r.event_id, r.race_id, { standings: standingsFor(state, r.event_id, from, r.format) });
      return;
    }
    case 'lap.confirm': {
      const args: IntentArgs<'lap.confirm'> = intent.args;
      const driver = r.competitors.find((c) => c.short_laps.some((l) => l.ref === args.ref))!;
      const correction = { kind: 'confirm' as const, ref: args.ref, rider_id: driver.rider_id, by: intent.by, reason: args.reason, at_us: at };
      r.corrections.push(correction);
      return correct(state, r, out, { kind: 'correction', correction });
    }
  }
}
