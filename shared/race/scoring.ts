/** @module Where crossings become laps and finishes: BMX, timed (RC) and practice scoring of one crossing, and a race rebuilt from its crossings. */
import { competitorFor, lineupCompetitors, racesTransponder } from './competitors.ts';
import { usToMs } from './format.ts';
import type { Competitor, Crossing, RaceState } from './state.ts';
import type { EventView, RaceChange } from './views.ts';

/** A practice gap longer than this (or 3 best laps) is a new run from the pits, not a lap. */
const PRACTICE_RESTART_US = 120_000_000;
/** A lap this much longer than the best so far is flagged as a probable missed read. */
const SUSPECT_FACTOR = 1.8;

function addLap(comp: Competitor, lapUs: number, crossing: Crossing): void {
  const suspect = comp.best_us !== null && lapUs > comp.best_us * SUSPECT_FACTOR;
  comp.laps.push({ lap_us: lapUs, t_us: crossing.t_us, ref: crossing.ref, suspect });
  if (comp.best_us === null || lapUs < comp.best_us) {
    comp.best_us = lapUs;
    comp.best_lap = comp.laps.length;
  }
  comp.sum_us += lapUs;
  comp.sum_sq_ms += (lapUs / 1000) ** 2;
  comp.last_us = crossing.t_us;
}

function reject(comp: Competitor, lapUs: number, crossing: Crossing): RaceChange {
  comp.rejected.push({ lap_us: lapUs, t_us: crossing.t_us, ref: crossing.ref });
  return { kind: 'rejected', rider_id: comp.rider_id, transponder: crossing.transponder, lap_ms: usToMs(lapUs) };
}

const lapChange = (comp: Competitor, crossing: Crossing, lap: number, lapUs: number): RaceChange => ({
  kind: 'lap',
  rider_id: comp.rider_id,
  transponder: crossing.transponder,
  lap,
  lap_ms: usToMs(lapUs),
});

function bmx(race: RaceState, comp: Competitor, crossing: Crossing): RaceChange | null {
  const gate = race.started_at_us!;
  comp.seen = true;
  comp.last_us = Math.max(comp.last_us ?? crossing.t_us, crossing.t_us);
  if (comp.finished) return null;
  const finishDecoder = race.settings.finish_decoder_id;
  // Other loops (hill, first corner) only show the rider is out there; the finish loop times them.
  if (finishDecoder !== null && crossing.decoder_id !== null && crossing.decoder_id !== finishDecoder) return null;
  if (crossing.t_us - gate < race.settings.min_time_ms * 1000) return null;
  comp.finished = true;
  comp.finish_us = crossing.t_us;
  return { kind: 'finish', rider_id: comp.rider_id ?? comp.key, place: null, elapsed_ms: usToMs(crossing.t_us - gate) };
}

function timed(race: RaceState, comp: Competitor, crossing: Crossing): RaceChange | null {
  if (comp.finished) return null;
  const start = race.started_at_us!;
  if (comp.start_us === null) {
    if (race.settings.start_mode === 'staggered') {
      comp.start_us = crossing.t_us;
      comp.last_us = crossing.t_us;
      return lapChange(comp, crossing, 0, 0);
    }
    comp.start_us = start;
    comp.last_us = start;
  }
  const lapUs = crossing.t_us - comp.last_us!;
  if (lapUs < race.settings.min_lap_ms * 1000) return reject(comp, lapUs, crossing);
  addLap(comp, lapUs, crossing);
  if (crossing.t_us >= start + race.settings.duration_ms * 1000) comp.finished = true;
  return lapChange(comp, crossing, comp.laps.length, lapUs);
}

function practice(race: RaceState, comp: Competitor, crossing: Crossing): RaceChange | null {
  if (comp.last_us === null) {
    comp.start_us = crossing.t_us;
    comp.last_us = crossing.t_us;
    return lapChange(comp, crossing, 0, 0);
  }
  const lapUs = crossing.t_us - comp.last_us;
  if (lapUs < race.settings.min_lap_ms * 1000) return reject(comp, lapUs, crossing);
  if (lapUs > Math.max(PRACTICE_RESTART_US, 3 * (comp.best_us ?? 0))) {
    comp.last_us = crossing.t_us;
    return lapChange(comp, crossing, 0, 0);
  }
  addLap(comp, lapUs, crossing);
  return lapChange(comp, crossing, comp.laps.length, lapUs);
}

function scoreWith(race: RaceState, comp: Competitor, crossing: Crossing): RaceChange | null {
  if (race.started_at_us === null || crossing.t_us < race.started_at_us) return null;
  if (race.format === 'bmx') return bmx(race, comp, crossing);
  const lapDecoder = race.settings.finish_decoder_id;
  if (lapDecoder !== null && crossing.decoder_id !== null && crossing.decoder_id !== lapDecoder) return null;
  if (race.format === 'timed') return timed(race, comp, crossing);
  return practice(race, comp, crossing);
}

/**
 * Scores one new crossing. One earlier than the competitor's last (a slower second decoder, a
 * manual add) cannot be scored incrementally: the race is rebuilt, which gives the same result
 * as if the crossings had arrived in time order.
 */
export function scoreCrossing(race: RaceState, crossing: Crossing, event: EventView | undefined): RaceChange | null {
  // Checked before a practice board gains a row for a car that crossed before the start.
  if (race.started_at_us === null || crossing.t_us < race.started_at_us) return null;
  const comp = competitorFor(race, crossing, event);
  if (!comp) return null;
  if (comp.last_us !== null && crossing.t_us < comp.last_us) {
    rebuildRace(race, event);
    return { kind: 'rescored' };
  }
  return scoreWith(race, comp, crossing);
}

/** Whether a stored crossing counts for this race now (after ignores and setup changes). */
function counts(race: RaceState, crossing: Crossing): boolean {
  if (crossing.ignored) return false;
  if (crossing.claimed_by !== null && crossing.claimed_by !== race.race_id) return false;
  return crossing.manual || (crossing.transponder !== null && racesTransponder(race, crossing.transponder));
}

/** Scores the race again from its stored crossings, in time order, with the event's riders as they are now. */
export function rebuildRace(race: RaceState, event: EventView | undefined): void {
  race.competitors = race.format === 'practice' && race.lineup.length === 0 ? [] : lineupCompetitors(race, event);
  const ordered = race.crossings.filter((c) => counts(race, c)).sort((a, b) => a.t_us - b.t_us);
  for (const crossing of ordered) {
    const comp = competitorFor(race, crossing, event);
    if (comp) scoreWith(race, comp, crossing);
  }
}
