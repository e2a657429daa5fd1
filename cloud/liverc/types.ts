/** @module What the LiveRC connector hands out: one parsed shape per page type (snake_case, as `mre liverc parse` prints), and its typed errors. */

/** `live.liverc.com`: every track. `status` from the row's status icon. */
export interface TrackListPage {
  tracks: { slug: string; name: string; status: 'idle' | 'practice' | 'racing'; last_activity: string | null; current_event: string | null }[];
}

/** `{slug}.liverc.com/`: the track dashboard. */
export interface DashboardPage {
  name: string;
  address: string | null;
  phone: string | null;
  website: string | null;
  email: string | null;
  stats: { laps: number | null; practice_sessions: number | null; races: number | null; entries: number | null; events: number | null };
}

/** `{slug}.liverc.com/events/`: every event of a track. `date` is `YYYY-MM-DD` (start day only). */
export interface EventListPage {
  events: { source_event_id: string; name: string; date: string; entries: number | null; drivers: number | null }[];
}

/** `results/?p=view_event&id=E`. Times are venue-local `YYYY-MM-DDTHH:MM` (LiveRC prints no zone). */
export interface EventPage {
  name: string;
  date_start: string;
  date_end: string;
  entries: number | null;
  drivers: number | null;
  total_race_laps: number | null;
  races: { source_race_id: string; label: string; class_name: string; section: string; completed_at: string | null }[];
}

/** `results/?p=view_entry_list&id=E`. */
export interface EntryListPage {
  classes: { class_name: string; entries: { driver_name: string; sort_name: string | null; transponder: string | null }[] }[];
}

export interface RaceResultRow {
  position: number;
  /** LiveRC's global driver id; null for a DNS row the page gives no id for. */
  source_driver_id: string | null;
  driver_name: string;
  qual_position: number | null;
  laps: number;
  total_time_seconds: number | null;
  /** `null` for the winner, else seconds behind, or `{laps}` behind. */
  behind: { seconds: number } | { laps: number } | null;
  fast_lap_seconds: number | null;
  fast_lap_number: number | null;
  avg_lap_seconds: number | null;
  consistency_pct: number | null;
  /** Laps 1…N (lap 0, the grid, is left out): running position and lap time in seconds. */
  lap_times: { lap: number; position: number; seconds: number }[];
}

/** `results/?p=view_race_result&id=R`. `length` is the race length in seconds (timed) or null. */
export interface RaceResultPage {
  class_name: string;
  round: string | null;
  length: number | null;
  results: RaceResultRow[];
}

export type PageKind = 'track-list' | 'dashboard' | 'event-list' | 'event' | 'entry-list' | 'race-result';

export type ErrorCode =
  /** Upstream answered with an HTTP error (after retries where they apply). */
  | 'http'
  /** No answer: the host name does not resolve, the connection was refused or dropped, or it timed out (the message says which). */
  | 'network'
  /** robots.txt disallows the URL. */
  | 'robots'
  /** The connector is switched off in config. */
  | 'disabled'
  /** The page is not the page type expected (layout changed, truncated, another site). */
  | 'page_format'
  /** A race page's lap data is missing or disagrees with its results table. */
  | 'missing_lap_data'
  /** Whoever asked went away (an HTTP client disconnected) before the page came; nobody else waited for it. */
  | 'cancelled';

/** Every connector failure. The message names the page and the problem, never raw HTML. */
export class LiveRcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** `problem`: for `network`, the cause in plain words (`cannot resolve host …`, `connection refused by …`, `timed out: …`). */
    readonly details: { url?: string; status?: number; kind?: PageKind; retry_after_ms?: number; problem?: string } = {},
  ) {
    super(message);
    this.name = 'LiveRcError';
  }
}

export interface PageByKind {
  'track-list': TrackListPage;
  dashboard: DashboardPage;
  'event-list': EventListPage;
  event: EventPage;
  'entry-list': EntryListPage;
  'race-result': RaceResultPage;
}

/** A fetched and parsed page; `html` is kept so an event can be re-parsed without fetching again. */
export interface FetchedPage<K extends PageKind> {
  kind: K;
  url: string;
  fetched_at_ms: number;
  /** Served from the response cache after a 304 (or without a request at all). */
  from_cache: boolean;
  html: string;
  page: PageByKind[K];
}

/** One request the client made (or answered from cache), for job logs and politeness checks. */
export interface RequestRecord {
  url: string;
  kind: PageKind | 'robots';
  status: number | null;
  attempt: number;
  from_cache: boolean;
  /** How long the LiveRC queue held it to keep the spacing. */
  waited_ms: number;
  error: string | null;
}

/** `signal`: the caller's; when it aborts, the call fails with code `cancelled` and the page is not requested unless someone else also waits for it. */
export interface FetchOptions {
  signal?: AbortSignal;
}

/** Fetch + parse, nothing stored: the ingestion service is the only caller. */
export interface LiveRcConnector {
  trackList(options?: FetchOptions): Promise<FetchedPage<'track-list'>>;
  dashboard(slug: string, options?: FetchOptions): Promise<FetchedPage<'dashboard'>>;
  eventList(slug: string, options?: FetchOptions): Promise<FetchedPage<'event-list'>>;
  event(slug: string, eventId: string, options?: FetchOptions): Promise<FetchedPage<'event'>>;
  entryList(slug: string, eventId: string, options?: FetchOptions): Promise<FetchedPage<'entry-list'>>;
  raceResult(slug: string, raceId: string, options?: FetchOptions): Promise<FetchedPage<'race-result'>>;
  /** Listens to every request, for job logs. */
  onRequest(listener: (record: RequestRecord) => void): () => void;
  close(): Promise<void>;
}
