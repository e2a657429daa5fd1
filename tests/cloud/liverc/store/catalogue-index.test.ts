/** @module The catalogue index: typeahead over names and slugs, and events held between two dates with multi-day events found by overlap. */
import { describe, expect, it } from 'vitest';
import { CatalogueIndex } from '../../../../cloud/liverc/store/catalogue-index.ts';
import type { EventRecord, TrackRecord } from '../../../../cloud/liverc/store/records.ts';
import { seededRng } from '../../../../shared/random/index.ts';

const track = (slug: string, name: string, active = true): TrackRecord => ({ source: 'liverc', slug, name, status: 'idle', last_activity: null, current_event: null, active, first_seen_at_ms: 0, last_seen_at_ms: 0 });
const event = (id: string, slug: string, start: string, end = start): EventRecord => ({ source: 'liverc', source_event_id: id, track_slug: slug, name: `Event ${id}`, date_start: start, date_end: end, entries: null, drivers: null, total_race_laps: null, ingest_depth: 'none', last_ingested_at_ms: null, races: null, laps: null });

describe('catalogue index', () => {
  it('catalogue index - typeahead matches word starts in name or slug, accents folded, active tracks first', () => {
    const index = new CatalogueIndex();
    index.upsertTrack(track('canberraoffroad', 'Canberra Off Road Model Car Club'));
    index.upsertTrack(track('trc', 'Thornhill RC Raceway'));
    index.upsertTrack(track('canb-old', 'Canberra Old Track', false));
    index.upsertTrack(track('montreal', 'Piste Montréal'));
    expect(index.searchTracks('canb').map((t) => t.slug)).toEqual(['canberraoffroad', 'canb-old']);
    expect(index.searchTracks('off road').map((t) => t.slug)).toEqual(['canberraoffroad']);
    expect(index.searchTracks('montre').map((t) => t.slug)).toEqual(['montreal']);
    expect(index.searchTracks('trc').map((t) => t.slug)).toEqual(['trc']);
    expect(index.searchTracks('  ')).toEqual([]);
    expect(index.searchTracks('zzz')).toEqual([]);
  });

  it('catalogue index - events held between two dates include multi-day events that overlap the range', () => {
    const index = new CatalogueIndex();
    index.upsertEvent(event('1', 'a', '2025-04-20'));
    index.upsertEvent(event('2', 'a', '2025-04-23', '2025-04-27'));
    index.upsertEvent(event('3', 'a', '2025-05-01'));
    index.upsertEvent(event('4', 'b', '2025-04-25'));
    index.upsertEvent(event('5', 'a', '2025-03-30', '2025-04-26'));
    expect(index.eventsBetween('a', '2025-04-25', '2025-04-30').map((e) => e.source_event_id)).toEqual(['5', '2']);
    expect(index.eventsBetween('a', '2025-04-21', '2025-04-22').map((e) => e.source_event_id)).toEqual(['5']);
    expect(index.eventsBetween('a', '2025-05-01', '2025-05-01').map((e) => e.source_event_id)).toEqual(['3']);
    expect(index.eventsBetween('nope', '2025-01-01', '2025-12-31')).toEqual([]);
  });

  it('catalogue index - held-between equals a plain scan over random multi-day events, also after updates', () => {
    const rng = seededRng(5);
    const index = new CatalogueIndex();
    const all = new Map<string, EventRecord>();
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 2000; i++) {
      const start = rng.int(0, 700);
      const e = event(String(rng.int(1, 1500)), 'x', day(start), day(start + (rng.bool(0.2) ? rng.int(1, 6) : 0)));
      all.set(e.source_event_id, e);
      index.upsertEvent(e);
      if (i % 97 === 0) {
        const from = day(rng.int(0, 700));
        const to = day(rng.int(0, 700));
        const [lo, hi] = from <= to ? [from, to] : [to, from];
        const expected = [...all.values()].filter((x) => x.date_start <= hi && x.date_end >= lo).map((x) => x.source_event_id).sort();
        expect(index.eventsBetween('x', lo, hi).map((x) => x.source_event_id).sort()).toEqual(expected);
      }
    }
  });
});
