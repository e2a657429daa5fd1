/** @module Race-control intent contracts: defaults filled in, every bad field named by path. */
import { describe, expect, it } from 'vitest';
import { ContractError, parseControlPayload, parseIntentArgs, parseLiveQuery } from '../../../shared/contracts/index.ts';

function issues(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected a ContractError');
}

describe('control intents', () => {
  it('control intents - a BMX stage gets the default minimum and maximum race times', () => {
    const stage = parseIntentArgs('race.stage', { event_id: 'e1', format: 'bmx', lineup: [{ rider_id: 'a', lane: 1 }] });
    expect(stage).toMatchObject({ format: 'bmx', min_time_ms: 10_000, max_time_ms: 180_000 });
  });

  it('control intents - a timed stage needs a duration and defaults the minimum lap and start mode', () => {
    expect(issues(() => parseIntentArgs('race.stage', { event_id: 'e1', format: 'timed', lineup: [{ rider_id: 'a' }] }))).toEqual(['duration_ms: expected duration_ms in milliseconds']);
    expect(parseIntentArgs('race.stage', { event_id: 'e1', format: 'timed', duration_ms: 300_000, lineup: [{ rider_id: 'a' }] })).toMatchObject({ min_lap_ms: 5000, start_mode: 'staggered', overtime_ms: 60_000 });
  });

  it('control intents - lanes must be present, 1-8 and not taken twice', () => {
    expect(issues(() => parseIntentArgs('race.stage', { event_id: 'e1', format: 'bmx', lineup: [{ rider_id: 'a', lane: 1 }, { rider_id: 'b', lane: 1 }, { rider_id: 'c' }, { rider_id: 'd', lane: 9 }] }))).toEqual([
      'lineup.3.lane: lane must be 1-8',
      'lineup.1.lane: lane 1 is taken twice',
      'lineup.2.lane: a BMX moto needs a lane (1-8) for every rider',
    ]);
    expect(issues(() => parseIntentArgs('race.stage', { event_id: 'e1', format: 'bmx', lineup: [{ rider_id: 'a', lane: 1 }, { rider_id: 'b', lane: 1 }, { rider_id: 'c' }] }))).toEqual([
      'lineup.1.lane: lane 1 is taken twice',
      'lineup.2.lane: a BMX moto needs a lane (1-8) for every rider',
    ]);
  });

  it('control intents - an event setup names duplicate riders, unknown classes and shared transponders', () => {
    expect(issues(() => parseIntentArgs('event.setup', {
      event_id: 'e1', name: 'Club', classes: [{ class_id: 'open', name: 'Open' }],
      riders: [{ rider_id: 'a', name: 'A', transponders: [5] }, { rider_id: 'a', name: 'B', class_id: 'pro', transponders: [5] }],
    }))).toEqual(['riders.1.rider_id: rider_id a appears twice', 'riders.1.class_id: class_id pro is not one of the event\'s classes']);
    expect(issues(() => parseIntentArgs('event.setup', { event_id: 'e1', name: 'Club', riders: [{ rider_id: 'a', name: 'A', transponders: [5] }, { rider_id: 'b', name: 'B', transponders: [5] }] }))).toEqual([
      'riders.1.transponders.0: transponder 5 already belongs to a',
    ]);
  });

  it('control intents - corrections need a reason and a well-formed passing ref', () => {
    expect(issues(() => parseIntentArgs('passing.ignore', { race_id: 'r1', ref: '12-3' }))).toEqual(['reason: expected reason', 'ref: ref must be decoder_id:passing_number or manual:<id>']);
  });

  it('control intents - a logged payload with an unknown intent is refused by name', () => {
    expect(() => parseControlPayload({ intent: 'race.explode', by: 'x', at_us: 1, args: {} })).toThrow(/intent must be one of event.setup, race.stage/);
  });

  it('control intents - every list and text is capped: classes, riders, decoders, transponders, names, refs', () => {
    const many = (n: number, item: (i: number) => unknown) => Array.from({ length: n }, (_, i) => item(i));
    expect(issues(() => parseIntentArgs('event.setup', { event_id: 'e', name: 'E', classes: many(251, (i) => ({ class_id: `c${i}`, name: 'C' })) }))).toEqual(['classes: at most 250 classes per event']);
    expect(issues(() => parseIntentArgs('event.setup', { event_id: 'e', name: 'E', riders: many(2001, (i) => ({ rider_id: `r${i}`, name: 'R' })) }))).toEqual(['riders: at most 2000 riders per event']);
    expect(issues(() => parseIntentArgs('event.setup', { event_id: 'e', name: 'E', decoders: many(9, (i) => ({ decoder_id: i, role: 'lap' })) }))).toEqual(['decoders: at most 8 decoders per event']);
    expect(issues(() => parseIntentArgs('event.setup', { event_id: 'e', name: 'E', riders: [{ rider_id: 'r', name: 'R', transponders: [1, 2, 3, 4, 5] }] }))).toEqual(['riders.0.transponders: at most 4 transponders per rider']);
    expect(issues(() => parseIntentArgs('event.setup', { event_id: 'e', name: 'E', decoders: [{ decoder_id: 1, role: 'lap', name: 'd'.repeat(41) }] }))).toEqual(['decoders.0.name: decoder name must be at most 40 characters']);
    expect(issues(() => parseIntentArgs('passing.ignore', { race_id: 'r1', reason: 'double read', ref: `1:${'9'.repeat(40)}` }))).toEqual(['ref: ref must be at most 40 characters']);
    expect(issues(() => parseIntentArgs('race.reset', { race_id: 'r1', reason: 'x'.repeat(201) }))).toEqual(['reason: reason must be at most 200 characters']);
    expect(() => parseLiveQuery({ track_id: 't', channels: 'race,'.repeat(20) })).toThrow('channels must be at most 64 characters');
  });
});
