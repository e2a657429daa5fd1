/** @module Synthetic LiveRC events: classes, drivers, timed races and lap-by-lap results, deterministic from a seed, in the shape the page renderers print. */
import type { Rng } from '../../../shared/random/index.ts';

export interface SynthDriver {
  /** LiveRC's global driver id (`data-driver-id`, `racerLaps[id]`). */
  id: string;
  /** Upper case, as race pages print names (§1.13). */
  first: string;
  last: string;
  transponder: string;
  /** Typical lap in seconds; each lap varies around it. */
  pace: number;
}

export interface SynthLap {
  lap: number;
  position: number;
  seconds: number;
}

export interface SynthResult {
  driver: SynthDriver;
  /** Grid slot (the Qual column and `span.car_num`). */
  qual: number;
  /** Empty for a non-starter: such a row has no driver id on the page (§1.9). */
  laps: SynthLap[];
}

export interface SynthRace {
  race_id: string;
  /** `Race 14: 1/8 Nitro Buggy (1/8 Nitro Buggy A-Main)`, as the event page links it. */
  label: string;
  class_name: string;
  /** `1/8 Nitro Buggy A-Main`: the race page's `span.class_header`. */
  heading: string;
  /** `Main Events`, `Qualifier Round 2`. */
  section: string;
  /** Venue-local `YYYY-MM-DDTHH:MM`. */
  completed_at: string;
  length_s: number;
  /** Finishing order. */
  results: SynthResult[];
}

export interface SynthEvent {
  event_id: string;
  slug: string;
  track_name: string;
  name: string;
  date_start: string;
  date_end: string;
  classes: { class_name: string; drivers: SynthDriver[] }[];
  /** Newest first, as LiveRC lists them (§1.6). */
  races: SynthRace[];
}

const FIRST = ['LIAM', 'NOAH', 'OLIVER', 'JACK', 'WILLIAM', 'LUCAS', 'HENRY', 'CHARLIE', 'THOMAS', 'JAMES', 'MIA', 'CHLOE', 'ZOE', 'RUBY', 'ISLA', 'GRACE', 'ETHAN', 'RYAN', 'SEAN', "MATTHEW", 'DANIEL', 'JOSH', 'KATE', 'BEN'];
const LAST = ['SMITH', 'JONES', 'WILLIAMS', 'BROWN', 'WILSON', 'TAYLOR', 'NGUYEN', 'MARTIN', 'WHITE', 'KELLY', 'RYAN', "O'BRIEN", 'CAMPBELL', 'STEWART', 'MURPHY', 'HARRIS', 'KING', 'YOUNG', 'REID', 'WALKER', 'HALL', 'COOPER', 'MORRIS', 'PRICE'];

/** `count` drivers with distinct names and ids from `idBase` up; seeded, so the same call gives the same field. */
export function makeDrivers(rng: Rng, count: number, idBase: number): SynthDriver[] {
  const used = new Set<string>();
  const out: SynthDriver[] = [];
  for (let i = 0; out.length < count; i++) {
    const first = rng.pick(FIRST);
    const last = i < FIRST.length * LAST.length ? rng.pick(LAST) : `${rng.pick(LAST)}-${i}`;
    if (used.has(`${first} ${last}`)) continue;
    used.add(`${first} ${last}`);
    out.push({ id: String(idBase + out.length), first, last, transponder: String(rng.int(1_000_000, 9_999_999)), pace: Math.round(rng.between(36, 48) * 1000) / 1000 });
  }
  return out;
}

const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Runs a timed race: every starter laps at their pace ± a few per cent (now and then a crash
 * costs seconds) until the clock passes the race length; the lap that crosses it counts.
 * Running positions come from the cumulative times; `dns` drivers never start.
 */
export function runRace(rng: Rng, grid: readonly SynthDriver[], lengthS: number, dns: ReadonlySet<string> = new Set()): SynthResult[] {
  const runs = grid.map((driver, i) => {
    const times: number[] = [];
    if (!dns.has(driver.id)) {
      for (let total = 0; total < lengthS; ) {
        const crash = rng.bool(0.06) ? rng.between(3, 14) : 0;
        const lap = ms(driver.pace * rng.between(0.97, 1.05) + crash);
        times.push(lap);
        total += lap;
      }
    }
    const cumulative: number[] = [];
    times.reduce((sum, t) => (cumulative.push(ms(sum + t)), sum + t), 0);
    return { driver, qual: i + 1, times, cumulative };
  });
  const maxLaps = Math.max(0, ...runs.map((r) => r.times.length));
  const positions = new Map<string, number[]>(runs.map((r) => [r.driver.id, []]));
  for (let lap = 0; lap < maxLaps; lap++) {
    const order = runs.filter((r) => r.times.length > lap).sort((a, b) => a.cumulative[lap]! - b.cumulative[lap]!);
    order.forEach((r, i) => positions.get(r.driver.id)!.push(i + 1));
  }
  const total = (r: (typeof runs)[number]) => r.cumulative.at(-1) ?? 0;
  runs.sort((a, b) => b.times.length - a.times.length || total(a) - total(b) || a.qual - b.qual);
  return runs.map((r) => ({
    driver: r.driver,
    qual: r.qual,
    laps: r.times.map((seconds, i) => ({ lap: i + 1, position: positions.get(r.driver.id)![i]!, seconds })),
  }));
}

export const lapCount = (race: SynthRace): number => race.results.reduce((n, r) => n + r.laps.length, 0);

/** Entries (driver × class) and distinct drivers, as the Event Stats card counts them. */
export function registrations(event: SynthEvent): { entries: number; drivers: number } {
  const ids = new Set(event.classes.flatMap((c) => c.drivers.map((d) => d.id)));
  return { entries: event.classes.reduce((n, c) => n + c.drivers.length, 0), drivers: ids.size };
}

export const fullName = (d: SynthDriver) => `${d.first} ${d.last}`;
