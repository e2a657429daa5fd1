/**
 * @module Every metric the box and the cloud roles expose on `GET /metrics`, named and explained in
 * one place (DESIGN "Cloud roles, scale and auth": ingest latency, consumer lag per track,
 * capture→projection lag, fanout delay, duplicates suppressed, DLQ count, sync lag), so a dashboard
 * built against one process works against every other. docs/appliance.md and docs/cloud.md
 * "Metrics" say what each means for an operator.
 */

export type MetricKind = 'counter' | 'gauge' | 'histogram';

export interface MetricDef<K extends MetricKind = MetricKind, L extends string = string> {
  readonly kind: K;
  /** `mre_…`, Prometheus style: `_total` for counters, a unit suffix (`_seconds`, `_bytes`) where there is one. */
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** Histograms only: upper bounds in seconds. */
  readonly buckets?: readonly number[];
}

/**
 * Latencies whose targets are milliseconds to a few seconds (a log append, a fanout, an ingest
 * batch): fine steps where the targets sit, up to 10 s where something is already wrong.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Lags end to end (capture to projection): a second is good, a minute is a backlog, past five minutes is a replay. */
export const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;

const counter = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): MetricDef<'counter', L> => ({ kind: 'counter', name, help, labelNames });
const gauge = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): MetricDef<'gauge', L> => ({ kind: 'gauge', name, help, labelNames });
const histogram = <L extends string = never>(name: string, help: string, buckets: readonly number[], labelNames: readonly L[] = []): MetricDef<'histogram', L> => ({ kind: 'histogram', name, help, labelNames, buckets });

/** The SLO indicators: the box and several cloud roles report some of them. */
export const SLO_METRICS = {
  ingestLatency: histogram('mre_ingest_latency_seconds', 'Time from the ingest API receiving a batch to JetStream acknowledging its last envelope.', LATENCY_BUCKETS),
  consumerLag: gauge('mre_consumer_lag_messages', 'Messages a durable consumer has not yet been delivered, per role and track (the consumer\'s num_pending).', ['role', 'track_id']),
  captureToProjectionLag: histogram('mre_capture_to_projection_lag_seconds', 'Time from an envelope\'s capture at the box (captured_at_us) to the read model it changes being written.', LAG_BUCKETS),
  fanoutDelay: histogram('mre_live_fanout_delay_seconds', 'Time from an item being published to the live hub to its frame being written to one client\'s socket; one observation per client.', LATENCY_BUCKETS),
  duplicatesSuppressed: counter('mre_duplicates_suppressed_total', 'Envelopes or records recognised as already seen and not applied again, per stage (box_intake, ingest, race, projection).', ['stage']),
  dlqMessages: counter('mre_dlq_messages_total', 'Messages this process sent to the dead-letter stream, per role and reason.', ['role', 'reason']),
  // On the box the sync loop's own status (appliance/sync) sets these at every scrape.
  syncLagEnvelopes: gauge('mre_sync_lag_envelopes', 'Envelopes logged on the box and not yet acknowledged by the cloud.'),
  syncLagSeconds: gauge('mre_sync_lag_seconds', 'Seconds since the oldest envelope not yet acknowledged by the cloud was captured; 0 when nothing waits.'),
} as const;

/** The live hub's clients and backpressure, for the box and the cloud gateway alike. */
export const LIVE_METRICS = {
  clients: gauge('mre_live_clients', 'Live WebSocket clients connected now.'),
  messagesSent: counter('mre_live_messages_sent_total', 'Live messages written to client sockets (snapshots, events, heartbeats, errors).'),
  coalesced: counter('mre_live_coalesced_total', 'Live updates replaced by a newer one while their client was slow.'),
  dropped: counter('mre_live_dropped_total', 'Live items not sent to a slow client because no newer state replaces them.'),
  superseded: counter('mre_live_superseded_total', 'Live updates replaced by a newer one of the same race before they were sent to anyone (a burst within one event-loop turn).'),
  laggingClosed: counter('mre_live_lagging_closed_total', 'Live clients closed for falling too far behind (told to reconnect).'),
} as const;

/** Every process's own memory. */
export const PROCESS_METRICS = {
  residentMemory: gauge('mre_process_resident_memory_bytes', 'Resident set size of the process.'),
  heapUsed: gauge('mre_process_heap_used_bytes', 'V8 heap in use.'),
  heapTotal: gauge('mre_process_heap_total_bytes', 'V8 heap reserved.'),
  externalMemory: gauge('mre_process_external_memory_bytes', 'Memory held outside the V8 heap by buffers and native code (LevelDB, sockets).'),
  uptime: gauge('mre_process_uptime_seconds', 'Seconds since the process started.'),
} as const;

/** The box only. `decoder` is the link's source as configured (`tcp://host:port` or a device path). */
export const BOX_METRICS = {
  recordsIngested: counter('mre_intake_records_total', 'Decoder records written to the envelope log this run, per decoder link.', ['decoder']),
  passingsIngested: counter('mre_intake_passings_total', 'Passings written to the envelope log this run, per decoder link.', ['decoder']),
  missingPassings: counter('mre_intake_missing_passings_total', 'Passing numbers a decoder skipped this run (recorded as gaps, asked for again when resend is on).'),
  badRecords: counter('mre_intake_bad_records_total', 'Decoder records refused this run for values no decoder can mean.'),
  flowPaused: gauge('mre_intake_flow_paused', '1 while decoder reading is held because the log is behind, else 0.'),
  linkUp: gauge('mre_decoder_link_up', '1 while the decoder link is connected, else 0.', ['decoder']),
  appendLatency: histogram('mre_log_append_latency_seconds', 'Time from a decoder record reaching the envelope log to it being on disk (fsynced).', LATENCY_BUCKETS),
  lastLsn: gauge('mre_log_last_lsn', 'The envelope log\'s last log sequence number.'),
  unsynced: gauge('mre_log_unsynced_envelopes', 'Envelopes in the log past the sync cursor.'),
  diskFree: gauge('mre_log_disk_free_bytes', 'Free bytes on the log\'s disk at the last check.'),
  engineAppliedLsn: gauge('mre_engine_applied_lsn', 'The race engine has applied the log up to this lsn.'),
  passingsSkipped: counter('mre_live_passings_skipped_total', 'Passings not sent one by one to the live feed because the passing budget was spent (logged and timed all the same).'),
  syncEnabled: gauge('mre_sync_enabled', '1 when cloud sync is configured, else 0 (the sync lag then only grows).'),
} as const;
