/**
 * @module The box's metrics (`GET /metrics`, docs/appliance.md "Metrics"). Figures the box already
 * keeps for `/api/status` (intake, log, links, sync, live hub, memory) are read from them at each
 * render rather than counted a second time; only the two latencies, which no status figure holds,
 * are observed as they happen.
 */
import type { Gauge } from 'prom-client';
import type { ApplianceStatus, LiveHubStats } from '../../shared/contracts/status.ts';
import { BOX_METRICS, fanoutObserver, MetricsRegistry, SLO_METRICS, watchLiveHub, watchProcess, type MetricsRegistryOptions } from '../../shared/metrics/index.ts';
import type { SourceCounts } from './intake.ts';

export interface BoxMetricSources {
  status: () => ApplianceStatus;
  /** The intake's records and passings per link source. */
  bySource: () => ReadonlyMap<string, SourceCounts>;
  live: () => LiveHubStats;
  /** Passings the live feed's budget turned away this run. */
  passingsSkipped: () => number;
}

export interface SyncLag {
  envelopes: number;
  /** null while not known (the sync has not read the log yet): the gauge keeps its last value. */
  seconds: number | null;
}

export class BoxMetrics {
  readonly registry: MetricsRegistry;
  /** For the intake's `onAppended`. */
  readonly observeAppend: (seconds: number) => void;
  /** For the live hub's `onFanout`. */
  readonly observeFanout: (delaySeconds: number) => void;
  readonly #syncLagEnvelopes: Gauge;
  readonly #syncLagSeconds: Gauge;

  constructor(options: MetricsRegistryOptions = {}) {
    this.registry = new MetricsRegistry(options);
    const appendLatency = this.registry.histogram(BOX_METRICS.appendLatency);
    this.observeAppend = (seconds) => appendLatency.observe(seconds);
    this.observeFanout = fanoutObserver(this.registry);
    this.#syncLagEnvelopes = this.registry.gauge(SLO_METRICS.syncLagEnvelopes);
    this.#syncLagSeconds = this.registry.gauge(SLO_METRICS.syncLagSeconds);
  }

  /** What the sync loop reports; set from its status at every render, and open to any caller that knows better. */
  setSyncLag(lag: SyncLag): void {
    this.#syncLagEnvelopes.set(lag.envelopes);
    if (lag.seconds !== null) this.#syncLagSeconds.set(lag.seconds);
  }

  /** Reads the box's own figures at every render; called once, when everything they come from is running. */
  watch(sources: BoxMetricSources): void {
    const r = this.registry;
    const records = r.mirroredCounter(BOX_METRICS.recordsIngested);
    const passings = r.mirroredCounter(BOX_METRICS.passingsIngested);
    const missing = r.mirroredCounter(BOX_METRICS.missingPassings);
    const bad = r.mirroredCounter(BOX_METRICS.badRecords);
    const duplicates = r.mirroredCounter(SLO_METRICS.duplicatesSuppressed);
    const skipped = r.mirroredCounter(BOX_METRICS.passingsSkipped);
    const flowPaused = r.gauge(BOX_METRICS.flowPaused);
    const linkUp = r.gauge(BOX_METRICS.linkUp);
    const lastLsn = r.gauge(BOX_METRICS.lastLsn);
    const unsynced = r.gauge(BOX_METRICS.unsynced);
    const diskFree = r.gauge(BOX_METRICS.diskFree);
    const applied = r.gauge(BOX_METRICS.engineAppliedLsn);
    const syncEnabled = r.gauge(BOX_METRICS.syncEnabled);
    r.onCollect(() => {
      const status = sources.status();
      const bySource = sources.bySource();
      // Every configured link has its series from the start, at 0 until its first record.
      for (const link of status.decoders) {
        const decoder = link.source;
        const counts = bySource.get(decoder);
        records.set(counts?.records ?? 0, { decoder });
        passings.set(counts?.passings ?? 0, { decoder });
        linkUp.set({ decoder }, link.state === 'connected' ? 1 : 0);
      }
      missing.set(status.intake.missing_passings);
      bad.set(status.intake.bad_records);
      duplicates.set(status.intake.duplicates_dropped, { stage: 'box_intake' });
      skipped.set(sources.passingsSkipped());
      flowPaused.set(status.intake.flow.held ? 1 : 0);
      lastLsn.set(status.log.last_lsn);
      unsynced.set(status.log.unsynced);
      if (status.log.disk_free_bytes !== null) diskFree.set(status.log.disk_free_bytes);
      applied.set(status.engine.applied_lsn);
      syncEnabled.set(status.sync.state === 'off' ? 0 : 1);
      this.setSyncLag({ envelopes: status.sync.lag_envelopes, seconds: status.sync.lag_seconds });
    });
    watchLiveHub(r, sources.live);
    watchProcess(r);
  }
}
