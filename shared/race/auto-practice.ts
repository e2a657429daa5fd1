/** @module Automatic open practice: a passing that finds no race staged or running opens one, in the current event or the day's automatic one, so a practice night needs no operator. */
import { DEFAULT_AUTO_PRACTICE, DEFAULT_PRACTICE, type EventSetup } from '../contracts/control.ts';
import { ARCHIVE_IDLE_US, archiveIdleEvents } from './archive.ts';
import { freezeOffsets } from './clock.ts';
import type { Emitter } from './emitter.ts';
import { finishRace, publishRace } from './race-lifecycle.ts';
import type { EngineState, RaceState } from './state.ts';
import type { EventView } from './views.ts';

/** The newest event staff set up, while staff have done anything in the last day of track time. */
function staffEvent(state: EngineState, tUs: number): EventView | undefined {
  for (let i = state.event_order.length - 1; i >= 0; i--) {
    const id = state.event_order[i]!;
    const setUp = state.event_setup_us[id];
    // Events the engine made itself have no setup time: they serve their own day only.
    if (setUp === undefined) continue;
    return tUs - Math.max(setUp, state.staff_race_us ?? setUp) < ARCHIVE_IDLE_US ? state.events[id] : undefined;
  }
  return undefined;
}

/** UTC, since the engine knows no time zone: the same log names the same day everywhere. */
const utcDate = (tUs: number) => new Date(Math.floor(tUs / 1000)).toISOString().slice(0, 10);

function unused(taken: (id: string) => boolean, base: string): { id: string; n: number } {
  let n = 1;
  while (taken(n === 1 ? base : `${base}-${n}`)) n++;
  return { id: n === 1 ? base : `${base}-${n}`, n };
}

/** The day's automatic event, `practice-<date>`, made on its first use. */
function dayEvent(state: EngineState, date: string, out: Emitter): EventView {
  const { id } = unused((x) => state.archived_events.includes(x), `practice-${date}`);
  const known = state.events[id];
  if (known) return known;
  const event: EventView = { event_id: id, name: 'Open practice', date, classes: [], riders: [], decoders: [], auto_practice: { ...DEFAULT_AUTO_PRACTICE } };
  state.events[id] = event;
  state.event_order.push(id);
  out.emit('event.updated', id, null, { event });
  return event;
}

/**
 * A new event set up while an automatic practice runs ends it there, so the next crossing opens the
 * board in tonight's event with its riders' names; so does its own event turning it off. A setup of
 * the same event keeps it running, with the new quiet period.
 */
export function autoPracticeMeetsSetup(state: EngineState, setup: EventSetup, atUs: number, out: Emitter): void {
  const auto = state.auto_practice;
  if (!auto) return;
  const race = state.races[auto.race_id]!;
  if (state.events[setup.event_id] === undefined || (setup.event_id === race.event_id && !setup.auto_practice.enabled)) finishRace(state, race, atUs, 'force_finish', out);
  else if (setup.event_id === race.event_id) auto.quiet_ms = setup.auto_practice.quiet_ms;
}

/** The decoder that times practice laps: the event's lap decoder, else its finish loop (a BMX track), else any. */
const lapDecoder = (event: EventView) => event.decoders.find((d) => d.role === 'lap')?.decoder_id ?? event.decoders.find((d) => d.role === 'finish')?.decoder_id ?? null;

/**
 * Opens an automatic practice for a crossing at track time `tUs` on `decoderId`, when nothing is
 * staged or running (the caller's check). Nothing opens while staff's last race is less than a quiet
 * period ago, when the event turned it off, or for a crossing its lap decoder would not count.
 */
export function openAutoPractice(state: EngineState, decoderId: number, tUs: number, out: Emitter): RaceState | undefined {
  const current = staffEvent(state, tUs);
  const settings = current?.auto_practice ?? DEFAULT_AUTO_PRACTICE;
  if (!settings.enabled) return undefined;
  if (state.staff_race_us !== null && tUs < state.staff_race_us + settings.quiet_ms * 1000) return undefined;
  const timing = current ? lapDecoder(current) : null;
  if (timing !== null && timing !== decoderId) return undefined;
  const date = utcDate(tUs);
  // New work begins, as at event.setup and race.stage: idle days leave the state, so a box that only
  // ever runs practice nights does not grow for a season.
  archiveIdleEvents(state, current?.event_id ?? `practice-${date}`, tUs, out);
  const event = current ?? dayEvent(state, date, out);
  const { id, n } = unused((x) => x in state.races, `practice-${date}`);
  const race: RaceState = {
    race_id: id,
    event_id: event.event_id,
    class_id: null,
    name: n === 1 ? 'Open practice' : `Open practice ${n}`,
    round: null,
    format: 'practice',
    status: 'running',
    staged_at_us: tUs,
    started_at_us: tUs,
    finished_at_us: null,
    finish_reason: null,
    revision: 0,
    settings: { min_time_ms: 0, max_time_ms: 0, duration_ms: 0, min_lap_ms: DEFAULT_PRACTICE.min_lap_ms, overtime_ms: 0, start_mode: 'staggered', gate_transponders: [], start_decoder_id: null, finish_decoder_id: timing },
    gate: null,
    lineup: [],
    offsets: {},
    crossings: [],
    competitors: [],
    corrections: [],
  };
  freezeOffsets(state, race);
  state.races[id] = race;
  state.race_order.push(id);
  state.running.push(id);
  state.auto_practice = { race_id: id, quiet_ms: settings.quiet_ms, last_us: tUs };
  publishRace(race, { kind: 'started' }, out, tUs);
  return race;
}
