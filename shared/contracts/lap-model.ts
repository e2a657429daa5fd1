/**
 * @module The one lap model: a race with its event, each driver's result and each driver's laps, the
 * same shape whether the race was timed by one of our boxes (`source: 'box'`, from the cloud's
 * projection of the race engine's events) or imported from LiveRC (`source: 'liverc'`). Charts,
 * coaching answers and a driver's history read this and need not know where a race came from.
 * Times are whole milliseconds; figures are the ones LiveRC prints (docs/race-engine.md "Figures").
 */
import { z } from 'zod';

export const lapSourceSchema = z.enum(['box', 'liverc']);

export const lapEventSchema = z.strictObject({
  source: lapSourceSchema,
  /** Box: the track id; LiveRC: the track's slug. */
  track_id: z.string(),
  event_id: z.string(),
  name: z.string(),
  /** `YYYY-MM-DD`; a box event without a date in its set-up takes the day its first race started (UTC). */
  date_start: z.string().nullable(),
  date_end: z.string().nullable(),
});

export const lapRaceSchema = z.strictObject({
  source: lapSourceSchema,
  event_id: z.string(),
  race_id: z.string(),
  class_name: z.string().nullable(),
  /** Box: the race's name (`Heat 1`); LiveRC: the race's label. */
  name: z.string(),
  round: z.string().nullable(),
  format: z.literal('timed'),
  /** LiveRC lists only races that have run. A box race reset after it started keeps its key with no results or laps. */
  status: z.enum(['running', 'finished', 'reset']),
  /** ISO 8601 UTC; LiveRC prints no start time (null). */
  started_at: z.string().nullable(),
  /** Box: ISO 8601 UTC; LiveRC: the venue-local `YYYY-MM-DDTHH:MM` it prints (no zone). */
  completed_at: z.string().nullable(),
  /** The race's set length, seconds (a timed race's duration). */
  duration_s: z.number().nullable(),
});

const ms = z.number().int().nullable();

export const lapResultSchema = z.strictObject({
  /** Box: the rider id; LiveRC: the store's driver key. */
  driver_key: z.string(),
  driver_name: z.string(),
  position: z.number().int(),
  laps: z.number().int(),
  total_time_ms: ms,
  best_lap_ms: ms,
  best_lap_number: z.number().int().nullable(),
  /** Mean full lap, rounded half up to the ms as LiveRC rounds it. */
  avg_lap_ms: ms,
  consistency_pct: z.number().nullable(),
});

/**
 * `suspect`: much longer than the driver's best so far (a missed read, probably); `confirmed`: set
 * aside as a stray read, then confirmed by the referee; `rejected`: a double read, no lap;
 * `set_aside`: a stray read not (yet) counted.
 */
export const lapFlagSchema = z.enum(['suspect', 'confirmed', 'rejected', 'set_aside']);

export const lapSchema = z.strictObject({
  /** 1, 2, 3 … for counted laps; 0 for a crossing that is no lap (rejected, set aside), listed after them. */
  lap: z.number().int().min(0),
  lap_ms: z.number().int(),
  /** Running position after the lap: LiveRC prints it; the box's events do not carry it (null). */
  position: z.number().int().nullable(),
  flags: z.array(lapFlagSchema),
});

export const driverLapsSchema = z.strictObject({ driver_key: z.string(), laps: z.array(lapSchema) });

/** A race in full: what every reader of the lap model gets. Results and laps in finishing order. */
export const lapModelRaceSchema = z.strictObject({
  event: lapEventSchema,
  race: lapRaceSchema,
  results: z.array(lapResultSchema),
  laps: z.array(driverLapsSchema),
});

export type LapSource = z.infer<typeof lapSourceSchema>;
export type LapEvent = z.infer<typeof lapEventSchema>;
export type LapRace = z.infer<typeof lapRaceSchema>;
export type LapResult = z.infer<typeof lapResultSchema>;
export type LapFlag = z.infer<typeof lapFlagSchema>;
export type Lap = z.infer<typeof lapSchema>;
export type DriverLaps = z.infer<typeof driverLapsSchema>;
export type LapModelRace = z.infer<typeof lapModelRaceSchema>;

/** Seconds as LiveRC prints them (3 decimals) to whole ms. */
export const secondsToMs = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds * 1000));

/**
 * A race in the lap model from its parts, whichever side read them: checked against the schema, so a
 * field one side adds and the other lacks fails here rather than in a chart.
 */
export const lapModelRace = (parts: LapModelRace): LapModelRace => lapModelRaceSchema.parse(parts);
