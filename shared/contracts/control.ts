/** @module Race-control intents: what staff ask for, validated here and logged as CONTROL envelopes so every replay sees them. */
import { z } from 'zod';
import { meetingIntentSchemas } from './meeting.ts';
import { contractErrorFrom, tokenSchema } from './tokens.ts';

const transponder = z.number({ error: 'expected a transponder number' }).int({ error: 'expected a whole transponder number' }).min(1).max(4_294_967_295);
const decoderId = z.number({ error: 'expected a decoder id' }).int().min(0).max(4_294_967_295);
const ms = (what: string) => z.number({ error: `expected ${what} in milliseconds` }).int({ error: `expected whole milliseconds for ${what}` });
const text = (what: string, max: number) => z.string({ error: `expected ${what}` }).trim().min(1, { error: `${what} must not be empty` }).max(max, { error: `${what} must be at most ${max} characters` });

/**
 * Sizes no real meeting reaches (docs/race-api.md "Limits"): a national BMX meeting runs about a hundred
 * classes and under two thousand riders; a track has one to three decoders. They keep every live
 * client's snapshot and every logged intent to a size a Pi serves to hundreds of phones.
 */
export const EVENT_CAPS = { classes: 250, riders: 2000, decoders: 8, transponders_per_rider: 4 } as const;

export const RACE_FORMATS = ['bmx', 'timed', 'practice'] as const;
export type RaceFormat = (typeof RACE_FORMATS)[number];

export const DECODER_ROLES = ['start', 'finish', 'lap'] as const;

const classSchema = z.strictObject({
  class_id: tokenSchema('class_id'),
  name: text('class name', 60),
  format: z.enum(RACE_FORMATS, { error: 'format must be bmx, timed or practice' }).optional(),
});

const riderSchema = z.strictObject({
  rider_id: tokenSchema('rider_id'),
  name: text('rider name', 80),
  /** Plate or car number as printed, e.g. "42" or "117X". */
  plate: z.string().trim().max(8, { error: 'plate must be at most 8 characters' }).optional(),
  class_id: tokenSchema('class_id').optional(),
  transponders: z.array(transponder).max(EVENT_CAPS.transponders_per_rider, { error: `at most ${EVENT_CAPS.transponders_per_rider} transponders per rider` }).default([]),
});

const decoderSchema = z.strictObject({
  decoder_id: decoderId,
  name: z.string().trim().max(40, { error: 'decoder name must be at most 40 characters' }).optional(),
  /** `start`: the hill decoder with the gate input; `finish`: the finish loop; `lap`: RC start/finish. */
  role: z.enum(DECODER_ROLES, { error: 'role must be start, finish or lap' }),
  /** Decoder clock minus box clock, µs. When set it wins over the offset learned at connect. */
  clock_offset_us: z.number().int().optional(),
});

/**
 * Open practice the engine runs by itself when a passing finds no race staged or running
 * (docs/race-engine.md "Automatic practice"). Twenty quiet minutes: longer than a battery
 * change or a chat in the pits, shorter than the break before the next session.
 */
export const DEFAULT_AUTO_PRACTICE = { enabled: true, quiet_ms: 20 * 60_000 } as const;

const autoPracticeSchema = z
  .strictObject({
    /** Off for a race meeting that wants no practice board between races. */
    enabled: z.boolean({ error: 'auto_practice.enabled must be true or false' }).default(DEFAULT_AUTO_PRACTICE.enabled),
    /** The track quiet this long closes the practice; the next crossing opens a new one. */
    quiet_ms: ms('quiet_ms').min(60_000, { error: 'quiet_ms must be at least a minute' }).max(6 * 3_600_000, { error: 'quiet_ms must be at most 6 hours' }).default(DEFAULT_AUTO_PRACTICE.quiet_ms),
  })
  .prefault({});

export const eventSetupSchema = z
  .strictObject({
    event_id: tokenSchema('event_id'),
    name: text('event name', 100),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date must be YYYY-MM-DD' }).optional(),
    classes: z.array(classSchema).max(EVENT_CAPS.classes, { error: `at most ${EVENT_CAPS.classes} classes per event` }).default([]),
    riders: z.array(riderSchema).max(EVENT_CAPS.riders, { error: `at most ${EVENT_CAPS.riders} riders per event` }).default([]),
    decoders: z.array(decoderSchema).max(EVENT_CAPS.decoders, { error: `at most ${EVENT_CAPS.decoders} decoders per event` }).default([]),
    auto_practice: autoPracticeSchema,
  })
  .superRefine((setup, ctx) => {
    const classes = new Set<string>();
    setup.classes.forEach((c, i) => {
      if (classes.has(c.class_id)) ctx.addIssue({ code: 'custom', path: ['classes', i, 'class_id'], message: `class_id ${c.class_id} appears twice` });
      classes.add(c.class_id);
    });
    const riders = new Set<string>();
    const owners = new Map<number, string>();
    setup.riders.forEach((r, i) => {
      if (riders.has(r.rider_id)) ctx.addIssue({ code: 'custom', path: ['riders', i, 'rider_id'], message: `rider_id ${r.rider_id} appears twice` });
      riders.add(r.rider_id);
      if (r.class_id !== undefined && !classes.has(r.class_id)) ctx.addIssue({ code: 'custom', path: ['riders', i, 'class_id'], message: `class_id ${r.class_id} is not one of the event's classes` });
      r.transponders.forEach((t, j) => {
        const owner = owners.get(t);
        if (owner !== undefined && owner !== r.rider_id) ctx.addIssue({ code: 'custom', path: ['riders', i, 'transponders', j], message: `transponder ${t} already belongs to ${owner}` });
        owners.set(t, r.rider_id);
      });
    });
    const decoders = new Set<number>();
    setup.decoders.forEach((d, i) => {
      if (decoders.has(d.decoder_id)) ctx.addIssue({ code: 'custom', path: ['decoders', i, 'decoder_id'], message: `decoder ${d.decoder_id} appears twice` });
      decoders.add(d.decoder_id);
    });
  });

const lineupEntry = z.strictObject({
  rider_id: tokenSchema('rider_id'),
  /** BMX gate lane, 1-8. */
  lane: z.number().int().min(1, { error: 'lane must be 1-8' }).max(8, { error: 'lane must be 1-8' }).optional(),
  /** Overrides the rider's own transponders for this race (a loaner). */
  transponder: transponder.optional(),
});

const stageBase = {
  event_id: tokenSchema('event_id'),
  /** Given by the client, or assigned by the engine (`r1`, `r2`, …) when absent. */
  race_id: tokenSchema('race_id').optional(),
  class_id: tokenSchema('class_id').optional(),
  name: text('race name', 60).optional(),
  round: z.number().int().min(1).max(99).optional(),
};

export const DEFAULT_BMX = { min_time_ms: 10_000, max_time_ms: 180_000 } as const;
export const DEFAULT_TIMED = { min_lap_ms: 5_000, overtime_ms: 60_000, start_mode: 'staggered' } as const;
export const DEFAULT_PRACTICE = { min_lap_ms: 5_000 } as const;

/**
 * Transponder numbers a ProChip decoder reports for a BMX gate drop (p3-protocol.md §5): a bmx
 * stage's `gate_transponders` when it names none, and what marks a passing as a gate on the live feed.
 */
export const DEFAULT_GATE_TRANSPONDERS = [9991, 9992, 9995] as const;

export function isDefaultGateTransponder(transponder: number): boolean {
  return (DEFAULT_GATE_TRANSPONDERS as readonly number[]).includes(transponder);
}

const bmxStage = z.strictObject({
  ...stageBase,
  format: z.literal('bmx'),
  lineup: z.array(lineupEntry).min(1, { error: 'a moto needs at least one rider' }).max(8, { error: 'at most 8 riders fit a gate' }),
  /** A finish read earlier than this after the gate is not a finish (hill loops, riders rolling back). */
  min_time_ms: ms('min_time_ms').min(0).max(600_000).default(DEFAULT_BMX.min_time_ms),
  /** Riders not finished by then are DNF (Sqorz default 180 s). */
  max_time_ms: ms('max_time_ms').min(5_000).max(3_600_000).default(DEFAULT_BMX.max_time_ms),
  /** Transponder numbers the decoder reports for the gate drop; default 9991, 9992, 9995. */
  gate_transponders: z.array(transponder).min(1).max(8).optional(),
  start_decoder_id: decoderId.optional(),
  finish_decoder_id: decoderId.optional(),
});

const timedStage = z.strictObject({
  ...stageBase,
  format: z.literal('timed'),
  lineup: z.array(lineupEntry).min(1, { error: 'a race needs at least one driver' }).max(40),
  duration_ms: ms('duration_ms').min(10_000, { error: 'duration_ms must be at least 10 s' }).max(24 * 3_600_000),
  /** Shorter crossings are double reads: rejected and kept as rejected. */
  min_lap_ms: ms('min_lap_ms').min(0).max(600_000).default(DEFAULT_TIMED.min_lap_ms),
  /** After time is up, how long drivers have to take their last crossing before the race closes. */
  overtime_ms: ms('overtime_ms').min(0).max(3_600_000).default(DEFAULT_TIMED.overtime_ms),
  /** `staggered`: each driver's clock starts at their first crossing; `mass`: at the start signal. */
  start_mode: z.enum(['staggered', 'mass']).default(DEFAULT_TIMED.start_mode),
  finish_decoder_id: decoderId.optional(),
});

const practiceStage = z.strictObject({
  ...stageBase,
  format: z.literal('practice'),
  /** Empty: any transponder counts (open practice). */
  lineup: z.array(lineupEntry).max(200).default([]),
  min_lap_ms: ms('min_lap_ms').min(0).max(600_000).default(DEFAULT_PRACTICE.min_lap_ms),
  finish_decoder_id: decoderId.optional(),
});

export const raceStageSchema = z.discriminatedUnion('format', [bmxStage, timedStage, practiceStage], { error: 'format must be bmx, timed or practice' }).superRefine((stage, ctx) => {
  const seen = new Set<string>();
  const lanes = new Set<number>();
  stage.lineup.forEach((entry, i) => {
    if (seen.has(entry.rider_id)) ctx.addIssue({ code: 'custom', path: ['lineup', i, 'rider_id'], message: `rider ${entry.rider_id} is in the lineup twice` });
    seen.add(entry.rider_id);
    if (stage.format !== 'bmx') return;
    if (entry.lane === undefined) ctx.addIssue({ code: 'custom', path: ['lineup', i, 'lane'], message: 'a BMX moto needs a lane (1-8) for every rider' });
    else if (lanes.has(entry.lane)) ctx.addIssue({ code: 'custom', path: ['lineup', i, 'lane'], message: `lane ${entry.lane} is taken twice` });
    if (entry.lane !== undefined) lanes.add(entry.lane);
  });
});

const raceRef = { race_id: tokenSchema('race_id') };
const correction = {
  /** Who made the correction and why: kept with it for the protest table. */
  reason: text('reason', 200),
};

export const intentArgSchemas = {
  'event.setup': eventSetupSchema,
  'race.stage': raceStageSchema,
  'race.start': z.strictObject(raceRef),
  'race.gate': z.strictObject(raceRef),
  'race.reset': z.strictObject({ ...raceRef, reason: z.string().trim().max(200, { error: 'reason must be at most 200 characters' }).optional() }),
  'race.force_finish': z.strictObject({ ...raceRef, reason: z.string().trim().max(200, { error: 'reason must be at most 200 characters' }).optional() }),
  'race.rescore': z.strictObject(raceRef),
  'passing.ignore': z.strictObject({
    ...raceRef,
    ...correction,
    /** `decoder_id:passing_number` for a decoder passing, `manual:<id>` for an added one. */
    ref: z.string().max(40, { error: 'ref must be at most 40 characters' }).regex(/^(\d+:\d+|manual:[0-9A-Z]+)$/, { error: 'ref must be decoder_id:passing_number or manual:<id>' }),
  }),
  'passing.add': z.strictObject({
    ...raceRef,
    ...correction,
    rider_id: tokenSchema('rider_id'),
    /** Race time of the crossing: ms after the gate (BMX) or the start (timed, practice). */
    time_ms: ms('time_ms').min(0).max(24 * 3_600_000),
  }),
  /** A crossing set aside as suspect_short (far shorter than the driver's typical lap) is a real lap: it counts. */
  'lap.confirm': z.strictObject({
    ...raceRef,
    ...correction,
    ref: z.string().max(40, { error: 'ref must be at most 40 characters' }).regex(/^\d+:\d+$/, { error: 'ref must be decoder_id:passing_number' }),
  }),
  /** The race ran under the wrong class: it moves to another of its event's classes, both classes' standings follow. */
  'race.set_class': z.strictObject({
    ...raceRef,
    ...correction,
    class_id: tokenSchema('class_id'),
  }),
  ...meetingIntentSchemas,
} as const;

export type IntentName = keyof typeof intentArgSchemas;
export const INTENT_NAMES = Object.keys(intentArgSchemas) as IntentName[];
export type IntentArgs<N extends IntentName> = z.output<(typeof intentArgSchemas)[N]>;
export type EventSetup = IntentArgs<'event.setup'>;
export type RaceStage = IntentArgs<'race.stage'>;

/** The payload of a CONTROL envelope. */
export type ControlPayload = { [N in IntentName]: { intent: N; by: string; at_us: number; args: IntentArgs<N> } }[IntentName];

export const controlPayloadSchema = z.strictObject({
  intent: z.enum(INTENT_NAMES as [IntentName, ...IntentName[]], { error: `intent must be one of ${INTENT_NAMES.join(', ')}` }),
  /** The operator (name typed on the control page, or `system` for the box's own timers). */
  by: text('by', 60),
  /** When the box received the intent, µs since 1970: the time of a manual gate drop or start. */
  at_us: z.number().int().nonnegative(),
  args: z.record(z.string(), z.unknown()),
});

export function isIntentName(name: string): name is IntentName {
  return Object.hasOwn(intentArgSchemas, name);
}

/** Validates one intent's arguments; the error names every bad field by path. */
export function parseIntentArgs<N extends IntentName>(intent: N, args: unknown): IntentArgs<N> {
  const result = (intentArgSchemas[intent] as unknown as z.ZodType<IntentArgs<N>>).safeParse(args);
  if (!result.success) throw contractErrorFrom(`${intent} intent`, result.error);
  return result.data;
}

/** Validates a whole CONTROL payload as logged, arguments included. */
export function parseControlPayload(input: unknown): ControlPayload {
  const outer = controlPayloadSchema.safeParse(input);
  if (!outer.success) throw contractErrorFrom('control payload', outer.error);
  const args = parseIntentArgs(outer.data.intent, outer.data.args);
  return { ...outer.data, args } as ControlPayload;
}
