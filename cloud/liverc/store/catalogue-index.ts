/** @module The in-memory catalogue index: track typeahead by name or slug, and a track's events held between two dates (multi-day events by overlap). */
import type { EventRecord, TrackRecord } from './records.ts';

const fold = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

interface IndexedTrack {
  track: TrackRecord;
  /** Name and slug folded, for matching as the admin types. */
  haystack: string;
  words: string[];
}

/** Events of one track sorted by start date, with a running maximum of end dates for overlap search. */
class TrackEvents {
  private list: EventRecord[] = [];
  private sorted = true;
  private maxEnd: string[] = [];

  upsert(event: EventRecord): void {
    const at = this.list.findIndex((e) => e.source_event_id === event.source_event_id);
    if (at >= 0) this.list[at] = event;
    else this.list.push(event);
    this.sorted = false;
  }

  private sort(): void {
    if (this.sorted) return;
    this.list.sort((a, b) => (a.date_start < b.date_start ? -1 : a.date_start > b.date_start ? 1 : a.source_event_id < b.source_event_id ? -1 : 1));
    let max = '';
    this.maxEnd = this.list.map((e) => (max = e.date_end > max ? e.date_end : max));
    this.sorted = true;
  }

  /** Events with date_start ≤ to and date_end ≥ from, oldest first. */
  between(from: string, to: string): EventRecord[] {
    this.sort();
    // Binary search: the first event starting after `to` ends the candidates.
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.list[mid]!.date_start <= to) lo = mid + 1;
      else hi = mid;
    }
    // The first event whose running maximum end reaches `from`: nothing before it can overlap.
    let l = 0;
    let h = lo;
    while (l < h) {
      const mid = (l + h) >> 1;
      if (this.maxEnd[mid]! >= from) h = mid;
      else l = mid + 1;
    }
    const out: EventRecord[] = [];
    for (let i = l; i < lo; i++) if (this.list[i]!.date_end >= from) out.push(this.list[i]!);
    return out;
  }

  get size(): number {
    return this.list.length;
  }
}

export class CatalogueIndex {
  private readonly tracks = new Map<string, IndexedTrack>();
  private readonly events = new Map<string, TrackEvents>();
  private readonly eventById = new Map<string, EventRecord>();

  upsertTrack(track: TrackRecord): void {
    const haystack = fold(`${track.name} ${track.slug}`);
    this.tracks.set(track.slug, { track, haystack, words: haystack.split(/[^a-z0-9]+/).filter(Boolean) });
  }

  upsertEvent(event: EventRecord): void {
    this.eventById.set(event.source_event_id, event);
    let list = this.events.get(event.track_slug);
    if (!list) this.events.set(event.track_slug, (list = new TrackEvents()));
    list.upsert(event);
  }

  track(slug: string): TrackRecord | undefined {
    return this.tracks.get(slug)?.track;
  }

  event(eventId: string): EventRecord | undefined {
    return this.eventById.get(eventId);
  }

  /**
   * Typeahead: every query word must start a word of the name or slug (or, failing that,
   * appear inside it); word-start matches and active tracks rank first, then by name.
   */
  searchTracks(query: string, limit = 20): TrackRecord[] {
    const terms = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
    if (terms.length === 0) return [];
    const hits: { t: IndexedTrack; score: number }[] = [];
    for (const t of this.tracks.values()) {
      let score = 0;
      let ok = true;
      for (const term of terms) {
        if (t.words.some((w) => w.startsWith(term))) score += 2;
        else if (t.haystack.includes(term)) score += 1;
        else {
          ok = false;
          break;
        }
      }
      if (ok) hits.push({ t, score: score + (t.track.active ? 1 : 0) });
    }
    hits.sort((a, b) => b.score - a.score || (a.t.track.name < b.t.track.name ? -1 : a.t.track.name > b.t.track.name ? 1 : 0));
    return hits.slice(0, limit).map((h) => h.t.track);
  }

  eventsBetween(slug: string, from: string, to: string): EventRecord[] {
    return this.events.get(slug)?.between(from, to) ?? [];
  }

  stats(): { tracks: number; events: number } {
    return { tracks: this.tracks.size, events: this.eventById.size };
  }
}
