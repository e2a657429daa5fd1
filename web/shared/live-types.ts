/** @module The shapes the web apps read from the box, as types only: nothing here reaches the bundle. */
import type { ApplianceStatus } from '../../shared/contracts/status.ts';
import type { LiveChannel, LiveErrorPayload, LiveMessage } from '../../shared/contracts/live.ts';
import type { DerivedEvent, EventView, LivePassing, RaceView, Standings } from '../../shared/race/views.ts';

export type { ApplianceStatus, DerivedEvent, EventView, LiveChannel, LiveErrorPayload, LiveMessage, LivePassing, RaceView, Standings };
export type {
  IntentResult,
  BmxRaceView,
  BmxRow,
  FinishReason,
  PracticeRaceView,
  PracticeRow,
  RaceChange,
  RaceDetail,
  StandingRow,
  TimedRaceView,
  TimedRow,
} from '../../shared/race/views.ts';

/** `race` channel snapshot: the running and staged races first, then the latest finished ones. */
export interface RaceSnapshot {
  event: EventView | null;
  races: RaceView[];
  standings: Standings[];
}

/** `decoder` channel snapshot: link and log status plus the latest passings, newest first. */
export interface DecoderSnapshot {
  status: ApplianceStatus;
  passings: LivePassing[];
}

/** `decoder` channel events. */
export type DecoderEvent =
  | { type: 'passing'; passing: LivePassing }
  /** A flood thinned by the box: `skipped` passings were not sent one by one; `latest` is the newest. */
  | { type: 'passings_skipped'; skipped: number; latest: LivePassing }
  | { type: 'status'; status: ApplianceStatus };

/** The row a board should flash after a change: a lap or a finish by one competitor. */
export interface Highlight {
  race_id: string;
  rider_id: string | null;
  transponder: number | null;
  /** Counts changes, so the same row flashing twice restarts its animation. */
  n: number;
}
