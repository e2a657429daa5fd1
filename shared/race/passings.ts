/** @module Decoder records into races: clock offsets from GET_TIME, gate drops to the staged moto, crossings to the running races, or to an automatic practice when none runs. */
import { isDefaultGateTransponder } from '../contracts/control.ts';
import { openAutoPractice } from './auto-practice.ts';
import { effectiveOffset, learnOffset, offsetSource, raceTime } from './clock.ts';
import { racesTransponder } from './competitors.ts';
import type { Emitter } from './emitter.ts';
import { startRace } from './intents.ts';
import { closeOverdue, completeIfDone, publishRace } from './race-lifecycle.ts';
import { DROPPED, scoreCrossing } from './scoring.ts';
import type { EngineState, RaceState } from './state.ts';

export interface DecoderTime {
  decoder_id: number;
  rtc_time_us: number;
  /** Box clock when the record arrived. */
  received_at_us: number;
}

export interface PassingInput extends DecoderTime {
  passing_number: number;
  transponder: number;
}

function emitClock(state: EngineState, decoderId: number, out: Emitter): void {
  out.emit('decoder.clock', null, null, { decoder_id: decoderId, clock_offset_us: effectiveOffset(state, decoderId)!, source: offsetSource(state, decoderId)! });
}

/** A GET_TIME answer: the decoder's clock at the moment the box received it. */
export function onGetTime(state: EngineState, time: DecoderTime, out: Emitter): void {
  if (learnOffset(state, time.decoder_id, time.rtc_time_us - time.received_at_us, 'get_time')) emitClock(state, time.decoder_id, out);
  closeOverdue(state, time.rtc_time_us - effectiveOffset(state, time.decoder_id)!, out);
}

/** The race that scores a transponder: the newest race that knows it, open practice last. */
function claimer(state: EngineState, transponder: number): RaceState | undefined {
  let practice: RaceState | undefined;
  for (let i = state.running.length - 1; i >= 0; i--) {
    const race = state.races[state.running[i]!]!;
    if (!racesTransponder(race, transponder)) continue;
    if (race.format !== 'practice') return race;
    practice ??= race;
  }
  return practice;
}

function gateDrop(state: EngineState, p: PassingInput, out: Emitter): boolean {
  const staged = state.staged_race_id !== null ? state.races[state.staged_race_id]! : undefined;
  if (staged?.format === 'bmx' && staged.settings.gate_transponders.includes(p.transponder)) {
    const start = staged.settings.start_decoder_id;
    if (start === null || start === p.decoder_id) {
      startRace(state, staged, raceTime(state, staged, p.decoder_id, p.rtc_time_us), { source: 'passing', transponder: p.transponder, decoder_id: p.decoder_id }, out);
      return true;
    }
  }
  if (isDefaultGateTransponder(p.transponder)) {
    out.emit('gate.unassigned', null, null, { decoder_id: p.decoder_id, transponder: p.transponder, at_us: out.atUs });
    return true;
  }
  return false;
}

export function onPassing(state: EngineState, p: PassingInput, out: Emitter): void {
  // A decoder that never answered GET_TIME still gets a usable offset from its first passing.
  if (effectiveOffset(state, p.decoder_id) === null) {
    learnOffset(state, p.decoder_id, p.rtc_time_us - p.received_at_us, 'first_passing');
    emitClock(state, p.decoder_id, out);
  }
  closeOverdue(state, p.rtc_time_us - effectiveOffset(state, p.decoder_id)!, out);
  if (gateDrop(state, p, out)) return;
  if (state.running.length === 0) {
    if (state.staged_race_id !== null) return;
    if (!openAutoPractice(state, p.decoder_id, p.rtc_time_us - effectiveOffset(state, p.decoder_id)!, out)) return;
  }
  const owner = claimer(state, p.transponder);
  const ref = `${p.decoder_id}:${p.passing_number}`;
  for (const id of [...state.running]) {
    const race = state.races[id]!;
    const crossing = { ref, transponder: p.transponder, rider_id: null, decoder_id: p.decoder_id, t_us: raceTime(state, race, p.decoder_id, p.rtc_time_us), manual: false, ignored: false, claimed_by: owner?.race_id ?? null };
    race.crossings.push(crossing);
    if (state.auto_practice?.race_id === id) state.auto_practice.last_us = Math.max(state.auto_practice.last_us, crossing.t_us);
    if (race !== owner) continue;
    const offBoard = race.off_board;
    const change = scoreCrossing(race, crossing, state.events[race.event_id]);
    if (change === DROPPED) {
      race.crossings.pop();
      // Asked for, the race shows the new count; viewers get it with the next change.
      race.revision++;
    } else if (change) publishRace(race, change, out, crossing.t_us);
    // A car the full practice board has no row for: counted the same way, never a board of its own.
    else if (race.off_board !== offBoard) race.revision++;
    completeIfDone(state, race, crossing.t_us, out);
  }
}
