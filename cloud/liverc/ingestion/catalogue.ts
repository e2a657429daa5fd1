/** @module Catalogue sync: LiveRC's track list upserted by slug (vanished tracks marked inactive), a track's events upserted by id at depth none. */
import type { EventRecord, TrackRecord } from '../store/records.ts';
import { IngestError, type IngestionContext, type WorkReporter, SILENT } from './context.ts';

export interface TrackSyncReport {
  tracks: number;
  added: number;
  updated: number;
  inactive: number;
}

export async function syncTracks(ctx: IngestionContext, report: WorkReporter = SILENT): Promise<TrackSyncReport> {
  const { page } = await ctx.connector.trackList();
  const now = ctx.now();
  const seen = new Set<string>();
  let added = 0;
  let updated = 0;
  for (const t of page.tracks) {
    // A slug can appear twice in the list; the first row is the most recently active.
    if (seen.has(t.slug)) continue;
    seen.add(t.slug);
    const before = await ctx.store.get<TrackRecord>('tracks', t.slug);
    const record: TrackRecord = { source: 'liverc', slug: t.slug, name: t.name, status: t.status, last_activity: t.last_activity, current_event: t.current_event, active: true, first_seen_at_ms: before?.first_seen_at_ms ?? now, last_seen_at_ms: now };
    if (!before) added++;
    else if (JSON.stringify({ ...before, last_seen_at_ms: 0 }) !== JSON.stringify({ ...record, last_seen_at_ms: 0 })) updated++;
    await ctx.store.upsert('tracks', t.slug, record);
    ctx.index.upsertTrack(record);
  }
  let inactive = 0;
  for (const slug of await ctx.store.keys('tracks')) {
    if (seen.has(slug)) continue;
    const track = await ctx.store.get<TrackRecord>('tracks', slug);
    if (!track || !track.active) continue;
    const record = { ...track, active: false };
    await ctx.store.upsert('tracks', slug, record);
    ctx.index.upsertTrack(record);
    inactive++;
  }
  const result = { tracks: seen.size, added, updated, inactive };
  report.line(`track list: ${result.tracks} tracks, ${added} new, ${updated} changed, ${inactive} no longer listed`);
  ctx.log.info('liverc tracks synced', { ...result });
  return result;
}

export interface EventRefreshReport {
  track: string;
  events: number;
  added: string[];
  updated: number;
}

/** Upserts a track's events; new ones at depth none, and an event's depth never goes down. */
export async function refreshEvents(ctx: IngestionContext, slug: string, report: WorkReporter = SILENT, signal?: AbortSignal): Promise<EventRefreshReport> {
  if (!ctx.index.track(slug) && !(await ctx.store.get<TrackRecord>('tracks', slug))) {
    throw new IngestError('unknown_track', `track ${slug} is not in the catalogue: run mre tracks sync first`);
  }
  const { page } = await ctx.connector.eventList(slug, { signal });
  const added: string[] = [];
  let updated = 0;
  for (const e of page.events) {
    const before = await ctx.store.get<EventRecord>('events', e.source_event_id);
    const record: EventRecord = before
      ? { ...before, name: e.name, date_start: e.date, date_end: before.date_end > e.date ? before.date_end : e.date, entries: e.entries, drivers: e.drivers }
      : { source: 'liverc', source_event_id: e.source_event_id, track_slug: slug, name: e.name, date_start: e.date, date_end: e.date, entries: e.entries, drivers: e.drivers, total_race_laps: null, ingest_depth: 'none', last_ingested_at_ms: null, races: null, laps: null };
    if (await ctx.store.upsert('events', e.source_event_id, record)) {
      if (before) updated++;
      else added.push(e.source_event_id);
    }
    ctx.index.upsertEvent(record);
  }
  const result = { track: slug, events: page.events.length, added, updated };
  report.line(`events of ${slug}: ${result.events} listed, ${added.length} new, ${updated} changed`);
  ctx.log.info('liverc events refreshed', { track: slug, events: result.events, added: added.length, updated });
  return result;
}
