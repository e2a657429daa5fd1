/** @module Race-meeting intents: how each class runs (BMX motos and mains, RC qualifying and mains), the moto draw, staging the next race, and mains proposed then confirmed. */
import { z } from 'zod';
import { tokenSchema } from './tokens.ts';

const int = (what: string, min: number, max: number) =>
  z.number({ error: `expected ${what}` }).int({ error: `expected a whole number for ${what}` }).min(min, { error: `${what} must be at least ${min}` }).max(max, { error: `${what} must be at most ${max}` });
const ms = (what: string, min: number, max: number) => int(`${what} in milliseconds`, min, max);

/** A BMX group: one class, or small classes ridden together, named `g6+g7`. */
export const GROUP_ID_PATTERN = /^[a-z0-9][a-z0-9_+-]{0,199}$/;
const groupId = z.string({ error: 'expected a group_id' }).regex(GROUP_ID_PATTERN, { error: 'group_id must be a class id, or class ids joined with "+" (g6+g7)' });

export const BMX_CLASS_FORMATS = ['transfer', 'total_points', 'olympic'] as const;

const bmxClass = z.strictObject({
  class_id: tokenSchema('class_id'),
  /** `transfer`: the transfer table; `total_points`: every moto, no main; `olympic`: total points within each split, the best `advance` go on. */
  format: z.enum(BMX_CLASS_FORMATS, { error: 'format must be transfer, total_points or olympic' }).default('transfer'),
  advance: int('advance', 1, 8).optional(),
});

const transferRow = z.strictObject({
  min: int('min riders', 1, 2000),
  max: int('max riders', 1, 2000).nullable(),
  /** Riders transferring from moto 1, 2, 3 … of each split; null: total points, no main. */
  code: z.array(int('a transfer count', 0, 8)).min(1, { error: 'a code needs a count per moto' }).max(5).nullable(),
});

const bmxSetup = z
  .strictObject({
    rounds: int('rounds', 1, 5).default(3),
    gate_size: int('gate_size', 2, 8).default(8),
    classes: z.array(bmxClass).min(1, { error: 'name at least one BMX class' }).max(250),
    /** Lists of classes that may ride together while they fit one gate. */
    combine: z.array(z.array(tokenSchema('class_id')).min(2, { error: 'a combine list needs two classes or more' }).max(20)).max(50).default([]),
    /** Absent: USA BMX's table (the meeting view shows the table in use). */
    transfer_table: z.array(transferRow).min(1).max(20).optional(),
    /** Lanes in the order riders take them when choosing for a main (inside first by default). */
    lane_preference: z.array(int('a lane', 1, 8)).min(2).max(8).optional(),
    min_time_ms: ms('min_time_ms', 0, 600_000).default(10_000),
    max_time_ms: ms('max_time_ms', 5_000, 3_600_000).default(180_000),
  })
  .superRefine((bmx, ctx) => {
    bmx.transfer_table?.forEach((row, i) => {
      if (row.max !== null && row.max < row.min) ctx.addIssue({ code: 'custom', path: ['transfer_table', i, 'max'], message: `max ${row.max} is below min ${row.min}` });
      if (row.code && row.code.length > bmx.rounds) ctx.addIssue({ code: 'custom', path: ['transfer_table', i, 'code'], message: `code has ${row.code.length} counts for ${bmx.rounds} rounds` });
    });
    const lanes = bmx.lane_preference;
    if (lanes && (lanes.length !== bmx.gate_size || new Set(lanes).size !== lanes.length || lanes.some((l) => l > bmx.gate_size))) {
      ctx.addIssue({ code: 'custom', path: ['lane_preference'], message: `lane_preference must list lanes 1-${bmx.gate_size} once each` });
    }
  });

const ranking = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('best_round') }),
    z.strictObject({ kind: z.literal('round_points'), count: int('count', 1, 10), first: int('first', 1, 1000).default(100) }),
    z.strictObject({ kind: z.literal('consecutive'), laps: int('laps', 2, 20).default(3) }),
  ],
  { error: 'ranking.kind must be best_round, round_points or consecutive' },
);

const rcClass = z
  .strictObject({
    class_id: tokenSchema('class_id'),
    qualifying_rounds: int('qualifying_rounds', 1, 10).default(3),
    /** Drivers on track in one qualifying heat; a class larger than this runs several heats a round. */
    heat_size: int('heat_size', 1, 40).default(10),
    ranking: ranking.default({ kind: 'best_round' }),
    /** Cars on a main's grid, bump places included. */
    main_size: int('main_size', 2, 40).default(10),
    /** Best finishers of each lower main who start at the back of the next main up. */
    bumps: int('bumps', 0, 10).default(0),
    /** Several A-mains scored together: `legs` run, the best `count` count. */
    a_mains: z.strictObject({ legs: int('a_mains.legs', 1, 5).default(1), count: int('a_mains.count', 1, 5).default(1) }).prefault({}),
    qualifying_ms: ms('qualifying_ms', 10_000, 3_600_000).default(300_000),
    main_ms: ms('main_ms', 10_000, 3_600_000).default(300_000),
    min_lap_ms: ms('min_lap_ms', 0, 600_000).default(5_000),
  })
  .superRefine((c, ctx) => {
    if (c.a_mains.count > c.a_mains.legs) ctx.addIssue({ code: 'custom', path: ['a_mains', 'count'], message: `count ${c.a_mains.count} is more than the ${c.a_mains.legs} legs` });
    if (c.bumps >= c.main_size) ctx.addIssue({ code: 'custom', path: ['bumps'], message: `bumps must be fewer than main_size ${c.main_size}` });
    if (c.ranking.kind === 'round_points' && c.ranking.count > c.qualifying_rounds) ctx.addIssue({ code: 'custom', path: ['ranking', 'count'], message: `count ${c.ranking.count} is more than the ${c.qualifying_rounds} rounds` });
  });

export const meetingSetupSchema = z
  .strictObject({
    event_id: tokenSchema('event_id'),
    bmx: bmxSetup.optional(),
    rc: z.strictObject({ classes: z.array(rcClass).min(1, { error: 'name at least one RC class' }).max(250) }).optional(),
  })
  .superRefine((setup, ctx) => {
    if (!setup.bmx && !setup.rc) ctx.addIssue({ code: 'custom', path: ['bmx'], message: 'a meeting needs bmx or rc classes' });
    const seen = new Set<string>();
    const note = (id: string, path: (string | number)[]) => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `class_id ${id} appears twice in the meeting` });
      seen.add(id);
    };
    setup.bmx?.classes.forEach((c, i) => note(c.class_id, ['bmx', 'classes', i, 'class_id']));
    setup.rc?.classes.forEach((c, i) => note(c.class_id, ['rc', 'classes', i, 'class_id']));
    const bmxIds = new Set(setup.bmx?.classes.map((c) => c.class_id));
    const combined = new Set<string>();
    setup.bmx?.combine.forEach((list, i) =>
      list.forEach((id, j) => {
        if (!bmxIds.has(id)) ctx.addIssue({ code: 'custom', path: ['bmx', 'combine', i, j], message: `class_id ${id} is not one of the meeting's BMX classes` });
        else if (combined.has(id)) ctx.addIssue({ code: 'custom', path: ['bmx', 'combine', i, j], message: `class_id ${id} is in two combine lists` });
        combined.add(id);
      }),
    );
  });

const mainsRace = z.strictObject({
  race_id: tokenSchema('race_id'),
  lineup: z
    .array(z.strictObject({ lane: int('lane', 1, 8), rider_id: tokenSchema('rider_id') }))
    .min(1, { error: 'a race needs at least one rider' })
    .max(8, { error: 'at most 8 riders fit a gate' }),
});

export const meetingIntentSchemas = {
  'meeting.setup': meetingSetupSchema,
  /** BMX: the moto sheet, drawn with the logged intent's id as its seed. */
  'meeting.draw_motos': z.strictObject({
    event_id: tokenSchema('event_id'),
    /** Per class, rider ids best first (last event's results); riders not listed are drawn after them. */
    seeding: z.record(tokenSchema('class_id'), z.array(tokenSchema('rider_id')).max(2000)).optional(),
  }),
  /** The next race of the running order (or the one named) is staged with the lineup and lanes the meeting gives it. */
  'meeting.stage_next': z.strictObject({ event_id: tokenSchema('event_id'), race_id: tokenSchema('race_id').optional() }),
  'meeting.propose_mains': z.strictObject({ event_id: tokenSchema('event_id'), group_id: groupId }),
  /** `races`: BMX lanes as staff edited them; absent, the proposal as it stands. */
  'meeting.confirm_mains': z
    .strictObject({ event_id: tokenSchema('event_id'), group_id: groupId, races: z.array(mainsRace).min(1).max(16).optional() })
    .superRefine((args, ctx) => {
      args.races?.forEach((race, i) => {
        const lanes = new Set<number>();
        const riders = new Set<string>();
        race.lineup.forEach((slot, j) => {
          if (lanes.has(slot.lane)) ctx.addIssue({ code: 'custom', path: ['races', i, 'lineup', j, 'lane'], message: `lane ${slot.lane} is taken twice` });
          if (riders.has(slot.rider_id)) ctx.addIssue({ code: 'custom', path: ['races', i, 'lineup', j, 'rider_id'], message: `rider ${slot.rider_id} is in the race twice` });
          lanes.add(slot.lane);
          riders.add(slot.rider_id);
        });
      });
    }),
} as const;

export type MeetingSetup = z.output<typeof meetingSetupSchema>;
export type BmxMeetingSetup = NonNullable<MeetingSetup['bmx']>;
export type RcClassSetup = NonNullable<MeetingSetup['rc']>['classes'][number];
