/**
 * @module The box's status document (`GET /api/status`, and the `decoder` channel's snapshot and
 * `status` events): decoder links, intake, log, engine, live feed, cloud sync and process memory, as types only,
 * so the web apps and the cloud read the same shape the box writes without importing box code.
 */
import type { Envelope } from './envelope.ts';

export type LinkState = 'connecting' | 'connected' | 'disconnected' | 'stopped';

/** One decoder link's health: health as data, the same object the link's `status` event carries. */
export interface LinkStatus {
  state: LinkState;
  /** As configured: 'tcp://host:port' or a device path. */
  source: string;
  transport: 'tcp' | 'serial';
  connected_since_us?: number;
  /** From the first record of the current (or last) connection that carries one. */
  decoder_id?: number;
  /** Decoder RTC minus box clock, µs: GET_TIME rtc_time_us minus box time at receipt. */
  clock_offset_us?: number;
  /** Why the last connection ended or attempt failed, e.g. 'connect ECONNREFUSED 127.0.0.1:5403', 'no data for 15 s'. */
  last_error?: string;
  /** Connection attempts made after the first one. */
  reconnects: number;
  bytes_received: number;
  frames_good: number;
  frames_bad: number;
  last_frame_at_us?: number;
  /** Reading is held because the log is behind: the decoder keeps the passings until we read again. */
  paused: boolean;
  /** How often reading was held this run. */
  pauses: number;
}

/** What the box's intake made of decoder records this run. */
export interface IntakeCounts {
  passings_this_boot: number;
  records_this_boot: number;
  duplicates_dropped: number;
  gaps: number;
  missing_passings: number;
  /** Records turned away this run because the log could not write (the lifetime total is `log.refused_log_full`). */
  refused_log_full: number;
  /** Times a decoder's passing counter went back and a new counting epoch began. */
  counter_resets: number;
  /** Passings that filled a gap after it was reported (a RESEND answer). */
  late_passings: number;
  /** Records refused for values no decoder can mean; per reason in `bad_record_reasons`. */
  bad_records: number;
  bad_record_reasons: Record<string, number>;
}

/** Backpressure from the log to the decoder links. */
export interface FlowStats {
  /** Records read from the decoders and not yet on disk (or refused). */
  in_flight: number;
  held: boolean;
  /** How often reading was held this run. */
  holds: number;
  high_water: number;
}

export type DiskState = 'ok' | 'low' | 'full';

/** The envelope log's size, cursor and disk. */
export interface LogStats {
  boot_id: string;
  last_seq: number;
  last_lsn: number;
  sync_cursor: number;
  unsynced: number;
  /** fsynced batches this boot; envelopes per batch shows how well group commit works. */
  batches_written: number;
  size_bytes: number;
  disk: DiskState;
  disk_free_bytes: number | null;
  /** The free-space floor: below it the log refuses records (`log.min_free_bytes`). */
  min_free_bytes: number;
  /** Times this run the log stopped taking records for want of room or a failed write. */
  disk_full_episodes: number;
  /** Why intake is stopped, when it is. */
  refusing: string | null;
  /** Records turned away while the log could not write, over the log's life (kept in the log). */
  refused_log_full: { records: number; passings: number };
}

/** A live hub's clients and what backpressure did to them, over every track it serves. */
export interface LiveHubStats {
  clients: number;
  messages_sent: number;
  coalesced: number;
  dropped: number;
  lagging_closed: number;
  /** Keyed items replaced by a newer one of the same key before they were fanned out (within one turn of the event loop), for every client alike. */
  superseded: number;
}

export interface ProcessStats {
  rss_bytes: number;
  heap_used_bytes: number;
  heap_total_bytes: number;
  /** Memory held outside V8's heap by buffers and native code (LevelDB, sockets). */
  external_bytes: number;
  uptime_s: number;
}

/**
 * The cloud sync loop: `off` (not configured), `connecting` (no answer yet this run), `online`
 * (the last batch was taken), `backing_off` (the cloud is away or busy; retrying), `refused`
 * (the cloud said no in a way retrying cannot fix; stopped until the box restarts).
 */
export type SyncState = 'off' | 'connecting' | 'online' | 'backing_off' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** The cloud's base URL; never the token. */
  url: string | null;
  /** Envelopes up to this lsn are in the cloud (the log's persisted sync cursor). */
  cursor_lsn: number;
  /** Envelopes logged and not yet acknowledged: the log's last lsn minus the cursor. */
  lag_envelopes: number;
  /** Seconds since the oldest unsent envelope was captured; 0 when nothing waits, null while the sync is off. */
  lag_seconds: number | null;
  /** Why the last attempt failed; stays until the next success. */
  last_error: string | null;
  last_error_at_us: number | null;
  last_success_at_us: number | null;
  /** Envelopes the cloud acknowledged this run. */
  drained_this_boot: number;
  /** Batch requests sent this run. */
  requests_this_boot: number;
  /** While backing off: when the next attempt goes out. */
  next_attempt_at_us: number | null;
  /** Mean ms this run from the cloud's answer to the box's next request, when more was waiting; null until then. */
  ms_between_batches: number | null;
}

/** What was wrong with the box's first-boot config file (`mre.toml`/`mre.json`), until a good one is applied. */
export interface FirstbootProblems {
  /** The file as found on the boot partition. */
  file: string;
  /** ISO time of the attempt. */
  at: string;
  problems: { path: string; message: string }[];
}

export interface ApplianceStatus {
  track_id: string;
  client_id: string;
  boot_id: string;
  started_at_us: number;
  /** The first decoder (most tracks have one). */
  decoder: LinkStatus & { resend_enabled: boolean };
  /** Every decoder link, in the order of `decoder.source`. */
  decoders: LinkStatus[];
  last_passing: Envelope | null;
  intake: IntakeCounts & { flow: FlowStats };
  log: LogStats;
  /** The race engine has applied the log up to here. */
  engine: { applied_lsn: number };
  /** Live feed clients and what backpressure did to them. */
  live: LiveHubStats;
  /** Sending the log to the cloud. */
  sync: SyncStatus;
  /** The box's own memory: what to look at first when a Pi starts swapping. */
  process: ProcessStats;
  /** The box's config file had problems at its last first-boot attempt; null when none. */
  firstboot: FirstbootProblems | null;
}
