/** @module Meeting intents validated as the box validates them before logging: defaults filled in, every bad field named by its path. */
import { describe, expect, it } from 'vitest';
import { ContractError, parseIntentArgs, type IntentName } from '../../../../shared/contracts/index.ts';

function issues(intent: IntentName, args: unknown): string[] {
  try {
    parseIntentArgs(intent, args);
  } catch (error) {
    if (error instanceof ContractError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('meeting intents', () => {
  it('meeting intents - meeting.setup fills in the usual meeting: 3 rounds, 8 lanes, transfer; RC best round, mains of 10, one A-main', () => {
    expect(parseIntentArgs('meeting.setup', { event_id: 'cup', bmx: { classes: [{ class_id: 'b13' }] }, rc: { classes: [{ class_id: 'buggy' }] } })).toEqual({
      event_id: 'cup',
      bmx: { rounds: 3, gate_size: 8, classes: [{ class_id: 'b13', format: 'transfer' }], combine: [], min_time_ms: 10_000, max_time_ms: 180_000 },
      rc: { classes: [{ class_id: 'buggy', qualifying_rounds: 3, heat_size: 10, ranking: { kind: 'best_round' }, main_size: 10, bumps: 0, a_mains: { legs: 1, count: 1 }, qualifying_ms: 300_000, main_ms: 300_000, min_lap_ms: 5_000 }] },
    });
  });

  it('meeting intents - meeting.setup names every bad field: formats, the transfer table, lanes, combine lists, RC settings', () => {
    expect(issues('meeting.setup', {
      event_id: 'Cup',
      bmx: {
        rounds: 9,
        classes: [{ class_id: 'b13', format: 'sprint' }, { class_id: 'b13' }],
        combine: [['b13', 'g6']],
        transfer_table: [{ min: 8, max: 4, code: [1, 1, 1, 1] }],
        lane_preference: [1, 1, 2, 3, 4, 5, 6, 7],
      },
      rc: { classes: [{ class_id: 'buggy', ranking: { kind: 'fastest' }, bumps: 12, main_size: 8, a_mains: { legs: 2, count: 3 } }] },
      extra: true,
    })).toEqual([
      'event_id: event_id "Cup" must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit',
      'bmx.rounds: rounds must be at most 5',
      'bmx.classes.0.format: format must be transfer, total_points or olympic',
      'rc.classes.0.ranking.kind: ranking.kind must be best_round, round_points or consecutive',
      'rc.classes.0.bumps: bumps must be at most 10',
      '(root): Unrecognized key: "extra"',
    ]);
    expect(issues('meeting.setup', {
      event_id: 'cup',
      bmx: { rounds: 2, classes: [{ class_id: 'b13' }, { class_id: 'b13' }], combine: [['b13', 'g6']], transfer_table: [{ min: 8, max: 4, code: [1, 1, 1] }], lane_preference: [1, 1, 2, 3, 4, 5, 6, 7] },
      rc: { classes: [{ class_id: 'buggy', bumps: 8, main_size: 8, a_mains: { legs: 2, count: 3 }, qualifying_rounds: 2, ranking: { kind: 'round_points', count: 3 } }] },
    })).toEqual([
      'bmx.transfer_table.0.max: max 4 is below min 8',
      'bmx.transfer_table.0.code: code has 3 counts for 2 rounds',
      'bmx.lane_preference: lane_preference must list lanes 1-8 once each',
      'rc.classes.0.a_mains.count: count 3 is more than the 2 legs',
      'rc.classes.0.bumps: bumps must be fewer than main_size 8',
      'rc.classes.0.ranking.count: count 3 is more than the 2 rounds',
      'bmx.classes.1.class_id: class_id b13 appears twice in the meeting',
      'bmx.combine.0.1: class_id g6 is not one of the meeting\'s BMX classes',
    ]);
    expect(issues('meeting.setup', { event_id: 'cup' })).toEqual(['bmx: a meeting needs bmx or rc classes']);
  });

  it('meeting intents - draw, stage_next, propose and confirm name their bad fields', () => {
    expect(issues('meeting.draw_motos', { event_id: 'cup', seeding: { B13: ['x'], g6: 'r1' } })).toEqual([
      'seeding.B13: Invalid key in record',
      'seeding.g6: Invalid input: expected array, received string',
    ]);
    expect(issues('meeting.stage_next', { event_id: 'cup', race_id: 'Moto 1' })).toEqual(['race_id: race_id "Moto 1" must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit']);
    expect(issues('meeting.propose_mains', { event_id: 'cup', group_id: 'G6 G7' })).toEqual(['group_id: group_id must be a class id, or class ids joined with "+" (g6+g7)']);
    expect(issues('meeting.propose_mains', { event_id: 'cup', group_id: 'g6+g7' })).toEqual([]);
    expect(issues('meeting.confirm_mains', { event_id: 'cup', group_id: 'b13', races: [{ race_id: 'm', lineup: [{ lane: 1, rider_id: 'a' }, { lane: 1, rider_id: 'a' }, { lane: 9, rider_id: 'b' }] }] })).toEqual([
      'races.0.lineup.2.lane: lane must be at most 8',
      'races.0.lineup.1.lane: lane 1 is taken twice',
      'races.0.lineup.1.rider_id: rider a is in the race twice',
    ]);
  });
});
