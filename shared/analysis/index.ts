/** @module Coaching answers computed from the one lap model: where a driver's laps fell off, the gap to the leader in the first five minutes, and consistency by stint. */
export { CRASH_FACTOR, driverLaps, type DriverLaps, type PaceLap } from './driver-laps.ts';
export { EARLY_LAPS, FALL_OFF_PCT, fallOff, MIN_TAIL_LAPS, ROLLING_LAPS, rollingAverage, type FallOff, type RollingPoint } from './fall-off.ts';
export { leaderGap, OPENING_MS, type GapPoint, type LeaderGap } from './leader-gap.ts';
export { STINT_LAPS, stints, type Stint, type Stints } from './stints.ts';
export { consistencyVsLastYear, LAST_YEAR_MONTHS, type ConsistencyVsLastYear } from './consistency-history.ts';
