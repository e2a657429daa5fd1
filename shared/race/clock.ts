/** @module Decoder clocks on one timeline: each decoder's offset (configured, else learned from GET_TIME, else from its first passing), frozen per race. */
import type { DecoderClock, EngineState, RaceState } from './state.ts';

export type ClockSource = 'get_time' | 'first_passing' | 'configured';

function clockOf(state: EngineState, decoderId: number): DecoderClock {
  const key = String(decoderId);
  return (state.decoders[key] ??= { learned_us: null, learned_from: null, configured_us: null });
}

export function effectiveOffset(state: EngineState, decoderId: number): number | null {
  const clock = state.decoders[String(decoderId)];
  return clock ? (clock.configured_us ?? clock.learned_us) : null;
}

export function offsetSource(state: EngineState, decoderId: number): ClockSource | null {
  const clock = state.decoders[String(decoderId)];
  if (!clock) return null;
  return clock.configured_us !== null ? 'configured' : clock.learned_from;
}

/** A decoder's GET_TIME answer: its clock minus the box's at receipt. Returns whether the offset in use changed. */
export function learnOffset(state: EngineState, decoderId: number, offsetUs: number, from: 'get_time' | 'first_passing'): boolean {
  const clock = clockOf(state, decoderId);
  const before = clock.configured_us ?? clock.learned_us;
  clock.learned_us = offsetUs;
  clock.learned_from = from;
  return (clock.configured_us ?? clock.learned_us) !== before;
}

export function configureOffset(state: EngineState, decoderId: number, offsetUs: number | null): boolean {
  const clock = clockOf(state, decoderId);
  const before = clock.configured_us ?? clock.learned_us;
  clock.configured_us = offsetUs;
  return (clock.configured_us ?? clock.learned_us) !== before;
}

/**
 * A decoder time on the race's timeline. The offset is frozen the first time the race uses a
 * decoder, so a reconnect's slightly different GET_TIME never shifts times within one race.
 */
export function raceTime(state: EngineState, race: RaceState, decoderId: number, rtcUs: number): number {
  const key = String(decoderId);
  race.offsets[key] ??= effectiveOffset(state, decoderId) ?? 0;
  return rtcUs - race.offsets[key]!;
}

/** Freezes every known decoder's offset into the race at its start. */
export function freezeOffsets(state: EngineState, race: RaceState): void {
  for (const key of Object.keys(state.decoders)) race.offsets[key] ??= effectiveOffset(state, Number(key)) ?? 0;
}
