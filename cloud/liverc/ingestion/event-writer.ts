/** @module Writes a fetched event into the store by natural key: raw pages, entries, drivers, races, results, laps, and the event's depth last. */
import { normalizeName } from '../matching/normalize.ts';
import { driverKey, keys } from '../store/keys.ts';
import type { DriverRecord, EventEntryRecord, EventRecord, LapsRecord, RaceDriverRecord, RaceRecord, RaceResultRecord } from '../store/records.ts';
import type { IngestionContext } from './context.ts';
import type { FetchedEvent } from './event-import.ts';

export interface WriteReport {
  races: number;
  results: number;
  laps: number;
  drivers: number;
}

/** Writes in batches: each record is independent, and a KV round trip per record adds up over 1,000s of laps. */
async function all(tasks: (() => Promise<unknown>)[], width = 64): Promise<void> {
  for (let i = 0; i < tasks.length; i += width) await Promise.all(tasks.slice(i, i + width).map((t) => t()));
}

export async function writeEvent(ctx: IngestionContext, record: EventRecord, fetched: FetchedEvent): Promise<WriteReport> {
  const { store } = ctx;
  const eventId = record.source_event_id;
  const slug = record.track_slug;

  const pages: [string, string][] = [
    [keys.page(slug, 'event', eventId), fetched.event.html],
    [keys.page(slug, 'entry-list', eventId), fetched.entries.html],
    ...fetched.races.map((r): [string, string] => [keys.page(slug, 'race-result', r.source_race_id), r.page.html]),
  ];
  await all(pages.map(([name, html]) => () => store.putPage(name, html)), 8);

  // Entry-list names are "FIRST SURNAME" in mixed case, results upper case: normalised names join them.
  const drivers = new Map<string, DriverRecord>();
  const byName = new Map<string, string>();
  const races: RaceRecord[] = [];
  const raceDrivers: RaceDriverRecord[] = [];
  const results: RaceResultRecord[] = [];
  const laps: LapsRecord[] = [];
  const order = new Map(fetched.event.page.races.map((r, i) => [r.source_race_id, i]));
  for (const { source_race_id: raceId, page } of fetched.races) {
    const summary = fetched.event.page.races.find((r) => r.source_race_id === raceId)!;
    races.push({ event_id: eventId, source_race_id: raceId, label: summary.label, class_name: summary.class_name, section: summary.section, completed_at: summary.completed_at, round: page.page.round, length_seconds: page.page.length, order: order.get(raceId) ?? 0 });
    for (const row of page.page.results) {
      const normalized = normalizeName(row.driver_name);
      const key = driverKey(row.source_driver_id, normalized);
      if (!drivers.has(key)) drivers.set(key, { source: 'liverc', driver_key: key, source_driver_id: row.source_driver_id, display_name: row.driver_name, normalized_name: normalized, transponders: [] });
      if (!byName.has(normalized)) byName.set(normalized, key);
      raceDrivers.push({ race_id: raceId, driver_key: key, source_driver_id: row.source_driver_id, display_name: row.driver_name });
      results.push({ race_id: raceId, driver_key: key, position: row.position, qual_position: row.qual_position, laps: row.laps, total_time_seconds: row.total_time_seconds, behind: row.behind, fast_lap_seconds: row.fast_lap_seconds, fast_lap_number: row.fast_lap_number, avg_lap_seconds: row.avg_lap_seconds, consistency_pct: row.consistency_pct });
      laps.push({ race_id: raceId, driver_key: key, laps: row.lap_times });
    }
  }

  const entries: EventEntryRecord[] = [];
  for (const cls of fetched.entries.page.classes) {
    for (const e of cls.entries) {
      const normalized = normalizeName(e.sort_name ?? e.driver_name);
      const key = byName.get(normalized) ?? byName.get(normalizeName(e.driver_name)) ?? driverKey(null, normalizeName(e.driver_name));
      entries.push({ event_id: eventId, driver_key: key, class_name: cls.class_name, driver_name: e.driver_name, sort_name: e.sort_name, transponder: e.transponder });
      const driver = drivers.get(key) ?? { source: 'liverc' as const, driver_key: key, source_driver_id: null, display_name: e.driver_name, normalized_name: normalizeName(e.driver_name), transponders: [] };
      if (e.transponder && !driver.transponders.includes(e.transponder)) driver.transponders.push(e.transponder);
      drivers.set(key, driver);
    }
  }

  await all(entries.map((e) => () => store.upsert('entries', keys.entry(eventId, e.driver_key, e.class_name), e)));
  await all([...drivers.values()].map((d) => async () => {
    // A driver races at many events: keep every transponder ever seen, newest import's name.
    const before = await store.get<DriverRecord>('drivers', keys.driver(d.driver_key));
    const transponders = [...new Set([...(before?.transponders ?? []), ...d.transponders])].sort();
    await store.upsert('drivers', keys.driver(d.driver_key), { ...d, transponders });
  }));
  await all(races.map((r) => () => store.upsert('races', keys.race(eventId, r.source_race_id), r)));
  await all(raceDrivers.map((d) => () => store.upsert('raceDrivers', keys.raceDriver(d.race_id, d.driver_key), d)));
  await all(results.map((r) => () => store.upsert('results', keys.result(r.race_id, r.driver_key), r)));
  await all(laps.map((l) => () => store.upsert('laps', keys.laps(l.race_id, l.driver_key), l)));

  const lapCount = laps.reduce((n, l) => n + l.laps.length, 0);
  const page = fetched.event.page;
  const done: EventRecord = {
    ...record,
    name: page.name,
    date_start: page.date_start,
    date_end: page.date_end,
    entries: page.entries,
    drivers: page.drivers,
    total_race_laps: page.total_race_laps,
    ingest_depth: 'laps_full',
    last_ingested_at_ms: record.ingest_depth === 'laps_full' && record.last_ingested_at_ms !== null && sameContent(record, page, races.length, lapCount) ? record.last_ingested_at_ms : ctx.now(),
    races: races.length,
    laps: lapCount,
  };
  await store.upsert('events', eventId, done);
  ctx.index.upsertEvent(done);
  return { races: races.length, results: results.length, laps: lapCount, drivers: drivers.size };
}

/** A re-import that found nothing new keeps its timestamp, so importing twice leaves the store identical. */
function sameContent(record: EventRecord, page: FetchedEvent['event']['page'], races: number, laps: number): boolean {
  return record.races === races && record.laps === laps && record.name === page.name && record.date_start === page.date_start && record.date_end === page.date_end;
}
