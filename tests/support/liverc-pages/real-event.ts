/**
 * @module Completes a real event whose race pages were only partly saved (486677 lists 32 races,
 * two are saved): the missing race pages and the entry list, generated from the real event page,
 * with the real pages' drivers (ids, names, pace) racing in their class.
 */
import { parseEvent, parseRaceResult } from '../../../cloud/liverc/parsers/index.ts';
import type { EventPage } from '../../../cloud/liverc/types.ts';
import { seededRng } from '../../../shared/random/index.ts';
import { entryListHtml } from './event-pages.ts';
import { makeDrivers, runRace, type SynthDriver, type SynthEvent, type SynthRace } from './model.ts';
import { raceResultHtml } from './race-page.ts';

export interface CompletedEvent {
  /** The event as generated: its classes (every entrant) and the generated races only. */
  event: SynthEvent;
  entry_list_html: string;
  /** Race id → page, for every race of the event page that was not given. */
  race_pages: Map<string, string>;
}

const HEAT = /\(Heat (\d+)\/(\d+)\)\)?\s*$/;
const MAIN = /\s([A-Z])(\d?)-Main\)\s*$/;

/** `Race 4: X (X  (Heat 1/3))` → `X Heat 1/3`; `Race 14: X (X A-Main)` → `X A-Main`. */
function heading(label: string): string {
  const inner = /\((.*)\)\s*$/.exec(label.replace(/^Race\s+\d+:\s*/, ''))?.[1] ?? label;
  return inner.replace(/\s*\((Heat [^)]*)\)/, ' $1').replace(/\s+/g, ' ').trim();
}

function splitName(name: string): { first: string; last: string } {
  const parts = name.trim().split(/\s+/);
  return parts.length === 1 ? { first: parts[0]!, last: parts[0]! } : { first: parts.slice(0, -1).join(' '), last: parts.at(-1)! };
}

export function completeRealEvent(input: { slug: string; event_id: string; event_html: string; race_html: ReadonlyMap<string, string>; seed?: number }): CompletedEvent {
  const rng = seededRng(input.seed ?? Number(input.event_id));
  const page: EventPage = parseEvent(input.event_html);
  const trackName = /<h1 class="page-header">(?:<span[^>]*><\/span>)?\s*([^<]+)<\/h1>/.exec(input.event_html)?.[1]?.trim() ?? input.slug;
  const classOf = new Map(page.races.map((r) => [r.source_race_id, r.class_name]));

  // The saved pages' drivers, with their real ids and their own average lap as pace.
  const known = new Map<string, Map<string, SynthDriver>>();
  for (const [raceId, html] of input.race_html) {
    const cls = classOf.get(raceId);
    if (cls === undefined) continue;
    const drivers = known.get(cls) ?? new Map<string, SynthDriver>();
    for (const row of parseRaceResult(html).results) {
      if (row.source_driver_id === null || drivers.has(row.source_driver_id)) continue;
      drivers.set(row.source_driver_id, { id: row.source_driver_id, ...splitName(row.driver_name), transponder: String(rng.int(1_000_000, 9_999_999)), pace: row.avg_lap_seconds ?? 40 });
    }
    known.set(cls, drivers);
  }

  let nextId = 9_000_000;
  const classes = [...new Set(page.races.map((r) => r.class_name))].map((className) => {
    const races = page.races.filter((r) => r.class_name === className);
    const heatsPerRound = Math.max(0, ...races.map((r) => Number(HEAT.exec(r.label)?.[2] ?? 0)));
    const mains = new Set(races.map((r) => MAIN.exec(r.label)?.[1]).filter((l) => l !== undefined)).size;
    const target = heatsPerRound > 0 ? heatsPerRound * 10 : Math.max(6, mains * 10);
    const drivers = [...(known.get(className)?.values() ?? [])];
    if (drivers.length < target) {
      drivers.push(...makeDrivers(rng, target - drivers.length, nextId));
      nextId += target;
    }
    return { class_name: className, drivers };
  });

  const races: SynthRace[] = [];
  const racePages = new Map<string, string>();
  for (const summary of [...page.races].reverse()) {
    if (input.race_html.has(summary.source_race_id)) continue;
    const field = classes.find((c) => c.class_name === summary.class_name)!.drivers;
    const heat = HEAT.exec(summary.label);
    const main = MAIN.exec(summary.label);
    let grid: SynthDriver[];
    let length: number;
    if (heat) {
      const n = Number(heat[1]);
      const of = Number(heat[2]);
      const shuffled = seededRng(Number(summary.source_race_id.slice(0, -1))).sample(field, field.length);
      grid = shuffled.filter((_, i) => i % of === n - 1);
      length = 300;
    } else {
      // Mains seed by pace: A gets the fastest ten, B the next ten (a triple main's legs share a grid).
      const letter = main?.[1] ?? 'A';
      const at = (letter.charCodeAt(0) - 65) * 10;
      grid = [...field].sort((a, b) => a.pace - b.pace).slice(at, at + 10);
      if (grid.length === 0) grid = field.slice(0, 10);
      length = letter === 'A' && main?.[2] === '' ? 1800 : main?.[2] ? 480 : 1200;
    }
    const race: SynthRace = {
      race_id: summary.source_race_id,
      label: summary.label,
      class_name: summary.class_name,
      heading: heading(summary.label),
      section: summary.section,
      completed_at: summary.completed_at ?? `${page.date_start}T12:00`,
      length_s: length,
      results: runRace(rng, grid, length, new Set(grid.filter(() => rng.bool(0.03)).map((d) => d.id))),
    };
    races.push(race);
  }
  const event: SynthEvent = { event_id: input.event_id, slug: input.slug, track_name: trackName, name: page.name, date_start: page.date_start, date_end: page.date_end, classes, races: races.reverse() };
  for (const race of event.races) racePages.set(race.race_id, raceResultHtml(event, race));
  return { event, entry_list_html: entryListHtml(event), race_pages: racePages };
}
