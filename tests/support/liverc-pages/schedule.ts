/** @module A race-day schedule for a synthetic event: qualifier rounds of heats per class, then ladder mains (lowest first), with race numbers and completion times as LiveRC prints them. */
import { seededRng } from '../../../shared/random/index.ts';
import { makeDrivers, runRace, type SynthDriver, type SynthEvent, type SynthRace } from './model.ts';

export interface EventSpec {
  event_id: string;
  slug: string;
  track_name: string;
  name: string;
  date_start: string;
  /** Defaults to date_start; the rounds spread over the days in between. */
  date_end?: string;
  seed?: number;
  /** Class names and how many drivers each has. */
  classes: { class_name: string; drivers: number }[];
  /** Qualifier rounds (default 3). */
  rounds?: number;
  /** Most drivers per heat or main (default 10). */
  heat_size?: number;
  /** Qualifier heat length in seconds (default 300); mains run 4× as long. */
  heat_length_s?: number;
  /** First race id; the rest count up (default 7,000,000 + event id digits). */
  race_id_base?: number;
  /** First driver id (default 900,000). */
  driver_id_base?: number;
  /** Chance that a driver does not start a race (default 0.03). */
  dns_rate?: number;
}

const MAIN_LETTERS = 'ABCDEFGH';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function dayCount(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Builds a whole event: every race run lap by lap, listed newest first like the event page. */
export function syntheticEvent(spec: EventSpec): SynthEvent {
  const rng = seededRng(spec.seed ?? Number(spec.event_id));
  const rounds = spec.rounds ?? 3;
  const heatSize = spec.heat_size ?? 10;
  const heatLength = spec.heat_length_s ?? 300;
  const dateEnd = spec.date_end ?? spec.date_start;
  const days = dayCount(spec.date_start, dateEnd);
  let driverId = spec.driver_id_base ?? 900_000;
  const classes = spec.classes.map((c) => {
    const drivers = makeDrivers(rng, c.drivers, driverId);
    driverId += c.drivers;
    return { class_name: c.class_name, drivers };
  });

  let raceId = spec.race_id_base ?? 7_000_000 + (Number(spec.event_id) % 1_000_000) * 100;
  const chronological: SynthRace[] = [];
  const sessions = rounds + 1;
  for (let session = 0; session < sessions; session++) {
    const isMains = session === rounds;
    const section = isMains ? 'Main Events' : `Qualifier Round ${session + 1}`;
    const day = Math.min(days - 1, Math.floor((session * days) / sessions));
    const date = addDays(spec.date_start, day);
    const dayStart = chronological.filter((r) => r.completed_at.startsWith(date)).length;
    let number = 0;
    const planned: { class_name: string; grid: SynthDriver[]; heat: string; length: number }[] = [];
    for (const c of classes) {
      // Heats mix the field by a seeded shuffle; mains seed the fastest drivers into the A-Main.
      const groups = isMains ? chunk([...c.drivers].sort((a, b) => a.pace - b.pace), heatSize) : chunk(rng.sample(c.drivers, c.drivers.length), heatSize);
      const heats = groups.map((grid, i) => ({ class_name: c.class_name, grid, heat: isMains ? `${MAIN_LETTERS[i] ?? 'Z'}-Main` : `(Heat ${i + 1}/${groups.length})`, length: isMains ? heatLength * 4 : heatLength }));
      // The lowest main runs first so its winners could bump up.
      planned.push(...(isMains ? heats.reverse() : heats));
    }
    for (const [i, p] of planned.entries()) {
      number++;
      const minutes = 8 * 60 + 30 + (dayStart + i) * 13;
      const completed = `${date}T${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const dns = new Set(p.grid.filter(() => rng.bool(spec.dns_rate ?? 0.03)).map((d) => d.id));
      chronological.push({
        race_id: String(raceId++),
        label: `Race ${number}: ${p.class_name} (${p.class_name} ${isMains ? '' : ' '}${p.heat})`,
        class_name: p.class_name,
        heading: `${p.class_name} ${p.heat.replace(/[()]/g, '')}`,
        section,
        completed_at: completed,
        length_s: p.length,
        results: runRace(rng, p.grid, p.length, dns),
      });
    }
  }
  return { event_id: spec.event_id, slug: spec.slug, track_name: spec.track_name, name: spec.name, date_start: spec.date_start, date_end: dateEnd, classes, races: chronological.reverse() };
}
