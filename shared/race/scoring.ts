/** @module Where crossings become laps and finishes: BMX, timed (RC) and practice scoring of one crossing (double reads rejected, stray reads set aside), and a race rebuilt from its crossings. */
import { competitorFor, lineupCompetitors, racesTransponder } from './competitors.ts';
import { usToMs } from './format.ts';
import { firstFullLap } from './lap-figures.ts';
import { heldCrossing, isShortLap, typicalLapUs } from './plausibility.ts';
import type { Competitor, Crossing, RaceState } from './state.ts';
import type { EventView, RaceChange } from './views.ts';

/** A practice gap longer than this (or 3 best laps) is a new run from the pits, not a lap. */
const PRACTICE_RESTART_US = 120_000_000;
/** A lap this much longer than the best so far is flagged as a probable missed read. */
const SUSPECT_FACTOR = 1.8;

type At = Pick<Crossing, 't_us' | 'ref'>;

function addLap(race: RaceState, comp: Competitor, lapUs: number, crossing: At): void {
  const suspect = comp.best_us !== null && lapUs > comp.best_us * SUSPECT_FACTOR;
  comp.laps.push({ lap_us: lapUs, t_us: crossing.t_us, ref: crossing.ref, suspect });
  if (comp.laps.length > firstFullLap(race)) {
    if (comp.best_us === null || lapUs < comp.best_us) {
      comp.best_us = lapUs;
      comp.best_lap = comp.laps.length;
    }
    comp.sum_us += lapUs;
  }
  comp.last_us = crossing.t_us;
}

/**
 * Double reads kept, with their times, after each counted crossing: the first one is what a
 * referee's ignore of that crossing turns into the lap. A loop reading one car over and over (a
 * flood, a transponder lying on the loop) adds only to the count past it, and publishes nothing:
 * under a flood with hundreds of viewers, each kept read was a board update sent to every phone.
 */
export const REJECTS_KEPT_PER_LAP = 1;

/** A crossing scored as a double read past those kept: the caller need not keep it, and nothing changed that a viewer must see now. */
export const DROPPED = Symbol('dropped double read');
export type Scored = RaceChange | null | typeof DROPPED;

function reject(comp: Competitor, lapUs: number, crossing: Crossing): RaceChange | typeof DROPPED {
  let sinceLap = 0;
  for (let i = comp.rejected.length - 1; i >= 0 && sinceLap < REJECTS_KEPT_PER_LAP && comp.rejected[i]!.t_us >= (comp.last_us ?? -Infinity); i--) sinceLap++;
  if (sinceLap >= REJECTS_KEPT_PER_LAP && !crossing.manual) {
    comp.dropped_rejects = (comp.dropped_rejects ?? 0) + 1;
    return DROPPED;
  }
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

/** Crossings the referee confirmed (lap.confirm): they count whatever the plausibility rule says. */
function confirmedRefs(race: RaceState): ReadonlySet<string> {
  const refs = new Set<string>();
  for (const c of race.corrections) if (c.kind === 'confirm') refs.add(c.ref);
  return refs;
}

const NONE: ReadonlySet<string> = new Set();

const timeUp = (race: RaceState, tUs: number) => race.format === 'timed' && tUs >= race.started_at_us! + race.settings.duration_ms * 1000;

/** A counted lap: in a timed race the first crossing after time up is the driver's last. */
function lap(race: RaceState, comp: Competitor, lapUs: number, crossing: At): void {
  addLap(race, comp, lapUs, crossing);
  if (timeUp(race, crossing.t_us)) comp.finished = true;
}

/**
 * A lap of a timed race or practice that passed the min-lap check: set aside when implausibly
 * short (plausibility.ts). A crossing set aside is no lap and does not become the driver's last
 * crossing, so a stray read neither costs a lap nor adds one. The next crossing settles it:
 * when that one comes as short again after it, the driver really got that much faster, and
 * the set-aside lap counts after all.
 */
function lapOrSuspect(race: RaceState, comp: Competitor, crossing: Crossing, confirmed: ReadonlySet<string>): RaceChange | typeof DROPPED {
  const typical = typicalLapUs(comp, firstFullLap(race));
  const held = heldCrossing(comp);
  if (held) {
    const sinceHeld = crossing.t_us - held.t_us;
    if (sinceHeld < race.settings.min_lap_ms * 1000) return reject(comp, sinceHeld, crossing);
    if (isShortLap(sinceHeld, typical)) {
      comp.short_laps.pop();
      lap(race, comp, held.lap_us, held);
      if (!comp.finished) lap(race, comp, sinceHeld, crossing);
      return lapChange(comp, crossing, comp.laps.length, comp.laps.at(-1)!.lap_us);
    }
  }
  const lapUs = crossing.t_us - comp.last_us!;
  // A crossing staff added by hand (passing.add) was put there on purpose.
  if (!crossing.manual && !confirmed.has(crossing.ref) && isShortLap(lapUs, typical)) {
    comp.short_laps.push({ lap_us: lapUs, t_us: crossing.t_us, ref: crossing.ref });
    return { kind: 'suspect_short', rider_id: comp.rider_id, transponder: crossing.transponder, lap: comp.laps.length + 1, lap_ms: usToMs(lapUs) };
  }
  lap(race, comp, lapUs, crossing);
  return lapChange(comp, crossing, comp.laps.length, lapUs);
}

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

function timed(race: RaceState, comp: Competitor, crossing: Crossing, confirmed: ReadonlySet<string>): Scored {
  if (comp.finished) return null;
  if (comp.start_us === null) {
    if (race.settings.start_mode === 'staggered') {
      comp.start_us = crossing.t_us;
      comp.last_us = crossing.t_us;
      return lapChange(comp, crossing, 0, 0);
    }
    comp.start_us = race.started_at_us!;
    comp.last_us = race.started_at_us!;
  }
  const lapUs = crossing.t_us - comp.last_us!;
  if (lapUs < race.settings.min_lap_ms * 1000) return reject(comp, lapUs, crossing);
  return lapOrSuspect(race, comp, crossing, confirmed);
}

function practice(race: RaceState, comp: Competitor, crossing: Crossing, confirmed: ReadonlySet<string>): Scored {
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
  return lapOrSuspect(race, comp, crossing, confirmed);
}

function scoreWith(race: RaceState, comp: Competitor, crossing: Crossing, confirmed: ReadonlySet<string>): Scored {
  if (race.started_at_us === null || crossing.t_us < race.started_at_us) return null;
  if (race.format === 'bmx') return bmx(race, comp, crossing);
  const lapDecoder = race.settings.finish_decoder_id;
  if (lapDecoder !== null && crossing.decoder_id !== null && crossing.decoder_id !== lapDecoder) return null;
  if (race.format === 'timed') return timed(race, comp, crossing, confirmed);
  return practice(race, comp, crossing, confirmed);
}

/**
 * Scores one new crossing. One earlier than the competitor's last (a slower second decoder, a
 * manual add) cannot be scored incrementally: the race is rebuilt, which gives the same result
 * as if the crossings had arrived in time order. `DROPPED`: the caller removes the crossing again.
 */
export function scoreCrossing(race: RaceState, crossing: Crossing, event: EventView | undefined): Scored {
  // Checked before a practice board gains a row for a car that crossed before the start.
  if (race.started_at_us === null || crossing.t_us < race.started_at_us) return null;
  const comp = competitorFor(race, crossing, event);
  if (!comp) return null;
  if (comp.last_us !== null && crossing.t_us < comp.last_us) {
    if (!crossing.manual && lateDoubleRead(race, comp, crossing.t_us)) return dropped(race, comp);
    rebuildRace(race, event);
    return { kind: 'rescored' };
  }
  // A new crossing cannot have been confirmed yet: confirmations come after it, and rebuild the race.
  const scored = scoreWith(race, comp, crossing, NONE);
  if (scored === DROPPED) (race.removed_rejects ??= {})[comp.key] = (race.removed_rejects[comp.key] ?? 0) + 1;
  return scored;
}

function dropped(race: RaceState, comp: Competitor): typeof DROPPED {
  comp.dropped_rejects = (comp.dropped_rejects ?? 0) + 1;
  (race.removed_rejects ??= {})[comp.key] = (race.removed_rejects[comp.key] ?? 0) + 1;
  return DROPPED;
}

/**
 * A crossing arriving after later ones (a decoder's RESEND answer, a slower second loop) within
 * the minimum lap of a counted crossing before it: a double read in time order too, so it changes
 * no lap and needs no rebuild. A resend of a flood would otherwise rebuild the race per passing.
 */
function lateDoubleRead(race: RaceState, comp: Competitor, tUs: number): boolean {
  if (race.format === 'bmx') return false;
  let before = comp.start_us !== null && comp.start_us <= tUs ? comp.start_us : null;
  let lo = 0;
  let hi = comp.laps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comp.laps[mid]!.t_us <= tUs) {
      before = comp.laps[mid]!.t_us;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return before !== null && tUs - before < race.settings.min_lap_ms * 1000;
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
  delete race.off_board;
  const ordered = race.crossings.filter((c) => counts(race, c)).sort((a, b) => a.t_us - b.t_us);
  const confirmed = confirmedRefs(race);
  for (const crossing of ordered) {
    const comp = competitorFor(race, crossing, event);
    if (comp) scoreWith(race, comp, crossing, confirmed);
  }
  // Double reads dropped as they came are no longer among the crossings: their count carries over.
  for (const comp of race.competitors) comp.dropped_rejects = (comp.dropped_rejects ?? 0) + (race.removed_rejects?.[comp.key] ?? 0);
}
