/** @module What the scoreboard's announcer says about one live message: pure, so every phrase is tested word for word. */
import type { LiveState } from '../shared/live-state.ts';
import type { BmxRaceView, DerivedEvent, LiveMessage, PracticeRaceView, RaceChange, RaceView, TimedRaceView } from '../shared/live-types.ts';

/** `headline`: the gate, a start, a finish; `chatter`: best laps, which the next one makes old news. */
export type Priority = 'headline' | 'chatter';

export interface Phrase {
  text: string;
  priority: Priority;
}

const ORDINALS = ['first', 'second', 'third'];
/** A moto's finish order stops at the podium: past that the sentence outlasts the next gate. */
const PLACES_SPOKEN = ORDINALS.length;

/** `21.3`, `1 minute 4.0`: tenths, truncated like the board's clock, in words a voice reads well. */
export function spokenLap(ms: number): string {
  const tenths = Math.trunc(ms / 100);
  const seconds = `${Math.floor(tenths / 10) % 60}.${tenths % 10}`;
  const minutes = Math.floor(tenths / 600);
  if (minutes === 0) return seconds;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ${seconds}`;
}

function raceName(race: RaceView): string {
  const name = race.name.trim();
  if (name) return name;
  return race.round !== null ? `Round ${race.round}` : 'The race';
}

function bmxPhrase(race: BmxRaceView, change: RaceChange): Phrase | null {
  if (change.kind === 'gate') return { text: `${raceName(race)}, gate is down`, priority: 'headline' };
  if (change.kind !== 'finished') return null;
  const placed = race.rows.filter((row) => row.place !== null).sort((a, b) => a.place! - b.place!);
  if (placed.length === 0) return { text: `${raceName(race)} is over, no finishers`, priority: 'headline' };
  const places = placed.slice(0, PLACES_SPOKEN).map((row) => `${ORDINALS[row.place! - 1] ?? `place ${row.place}`}, ${row.plate ? `plate ${row.plate}, ` : ''}${row.name}`);
  return { text: `${raceName(race)}: ${places.join('; ')}`, priority: 'headline' };
}

/** The race's best lap so far, and whose it is. */
function raceBest(race: TimedRaceView): { lap_ms: number; rider_id: string } | null {
  let best: { lap_ms: number; rider_id: string } | null = null;
  for (const row of race.rows) {
    if (row.best_lap_ms !== null && (best === null || row.best_lap_ms < best.lap_ms)) best = { lap_ms: row.best_lap_ms, rider_id: row.rider_id };
  }
  return best;
}

function timedPhrase(race: TimedRaceView, before: TimedRaceView | null, change: RaceChange): Phrase | null {
  if (change.kind === 'started') return { text: `${raceName(race)} has started`, priority: 'headline' };
  if (change.kind === 'finished') {
    const winner = race.rows.find((row) => row.position === 1 && row.laps > 0);
    if (!winner) return { text: `${raceName(race)} is over`, priority: 'headline' };
    const who = winner.plate ? `car ${winner.plate}, ${winner.name}` : winner.name;
    return { text: `${raceName(race)}: winner, ${who}, ${winner.laps} ${winner.laps === 1 ? 'lap' : 'laps'}`, priority: 'headline' };
  }
  if (change.kind !== 'lap') return null;
  const now = raceBest(race);
  const was = before ? raceBest(before) : null;
  // Only the lap just driven can be news: a correction that moves the best is no moment on track.
  if (now === null || (was !== null && now.lap_ms >= was.lap_ms) || now.rider_id !== change.rider_id) return null;
  const row = race.rows.find((r) => r.rider_id === now.rider_id)!;
  return { text: `${row.plate ? `Car ${row.plate}` : row.name}, best lap ${spokenLap(now.lap_ms)}`, priority: 'chatter' };
}

function practicePhrase(race: PracticeRaceView, before: PracticeRaceView | null, change: RaceChange): Phrase | null {
  if (change.kind !== 'lap') return null;
  const now = race.stats.best;
  const was = before?.stats.best ?? null;
  if (now === null || (was !== null && now.lap_ms >= was.lap_ms)) return null;
  if (change.transponder !== null && change.transponder !== now.transponder) return null;
  return { text: `Session best, ${now.name}, ${spokenLap(now.lap_ms)}`, priority: 'chatter' };
}

/**
 * The phrase for one live message, given the board state before and after it. Snapshots (the
 * first one, and every reconnect's) say nothing: they are what already happened. So do stale
 * updates the board ignored and anything of an event other than the one shown.
 */
export function phraseFor(before: LiveState, message: LiveMessage, after: LiveState): Phrase | null {
  if (message.kind !== 'event' || message.channel !== 'race' || !before.synced || after === before) return null;
  const event = message.payload as unknown as DerivedEvent;
  if (event.type !== 'race.updated') return null;
  const shown = before.event?.event_id ?? null;
  const { race, change } = event.payload;
  if (shown !== null && (event.event_id !== shown || race.event_id !== shown)) return null;
  const known = before.races.find((r) => r.race_id === race.race_id);
  const previous = known && known.format === race.format ? known : null;
  if (race.format === 'bmx') return bmxPhrase(race, change);
  if (race.format === 'timed') return timedPhrase(race, previous as TimedRaceView | null, change);
  return practicePhrase(race, previous as PracticeRaceView | null, change);
}
