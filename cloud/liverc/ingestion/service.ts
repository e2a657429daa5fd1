/** @module The LiveRC ingestion service: catalogue sync, event refresh, deep imports, and the reads the API serves from the store and its index. */
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '../../../shared/log/index.ts';
import type { LapModelRace } from '../../../shared/contracts/lap-model.ts';
import { CatalogueIndex } from '../store/catalogue-index.ts';
import { readLiveRcLapRace } from '../store/lap-model.ts';
import type { DriverRecord, EventRecord, LapsRecord, RaceRecord, RaceResultRecord, TrackRecord } from '../store/records.ts';
import { LiveRcStore, type StoreOptions } from '../store/store.ts';
import { SharedFlights } from '../http/shared-flights.ts';
import { DEFAULT_MAX_QUEUED_REFRESHES, QueueFullError, refreshRetryAfterS } from '../queue-full.ts';
import { LiveRcError, type LiveRcConnector } from '../types.ts';
import { refreshEvents, syncTracks, type EventRefreshReport, type TrackSyncReport } from './catalogue.ts';
import { SILENT, type IngestionContext, type WorkReporter } from './context.ts';
import { importEvent, type ImportOptions, type ImportReport } from './event-import.ts';

export interface EventDetail {
  event: EventRecord;
  races: (RaceRecord & { results: (RaceResultRecord & { driver_name: string; source_driver_id: string | null })[] })[];
}

export interface RefreshOptions {
  depth: 'none' | 'laps_full';
  /** With laps_full: only the events this refresh found new, or every event not yet imported. */
  only_new: boolean;
}

export interface RefreshQueueOptions {
  /** Distinct track refreshes waiting or running at once; one more is refused with `QueueFullError`. */
  max: number;
  /** The Retry-After a refused refresh is given. */
  retryAfterS: number;
}

export interface IngestionOptions {
  nc: NatsConnection;
  connector: LiveRcConnector;
  store?: StoreOptions;
  now?: () => number;
  refreshQueue?: RefreshQueueOptions;
}

export class LiveRcIngestion {
  /** Refreshes in flight by track slug: a second caller for the same track joins the first. */
  private readonly refreshes = new SharedFlights<EventRefreshReport>((slug) => new LiveRcError('cancelled', `refresh of ${slug} abandoned: nobody waits for it any more`));

  private constructor(
    private readonly ctx: IngestionContext,
    private readonly refreshQueue: RefreshQueueOptions,
  ) {}

  static async open(options: IngestionOptions): Promise<LiveRcIngestion> {
    const store = await LiveRcStore.open(options.nc, options.store);
    const index = new CatalogueIndex();
    for (const track of await store.values<TrackRecord>('tracks')) index.upsertTrack(track);
    for (const event of await store.values<EventRecord>('events')) index.upsertEvent(event);
    const refreshQueue = options.refreshQueue ?? { max: DEFAULT_MAX_QUEUED_REFRESHES, retryAfterS: refreshRetryAfterS(1_000) };
    return new LiveRcIngestion({ store, index, connector: options.connector, log: createLogger('cloud:liverc'), now: options.now ?? Date.now }, refreshQueue);
  }

  /** Distinct track refreshes waiting or running in this process. */
  get refreshesPending(): number {
    return this.refreshes.size;
  }

  get store(): LiveRcStore {
    return this.ctx.store;
  }

  get index(): CatalogueIndex {
    return this.ctx.index;
  }

  syncTracks(report: WorkReporter = SILENT): Promise<TrackSyncReport> {
    return syncTracks(this.ctx, report);
  }

  /**
   * Lists a track's events from LiveRC. Callers refreshing the same track at once share one
   * request and one report (the first caller's reporter gets the lines); a caller whose signal
   * aborts is dropped, and the request is not made once nobody waits for it. A refresh of a
   * track not already in flight is refused with `QueueFullError` while the queue is full.
   */
  refreshEvents(slug: string, report: WorkReporter = SILENT, options: { signal?: AbortSignal } = {}): Promise<EventRefreshReport> {
    if (!this.refreshes.has(slug) && this.refreshes.size >= this.refreshQueue.max) {
      return Promise.reject(new QueueFullError('refreshes', this.refreshQueue.max, this.refreshQueue.retryAfterS));
    }
    return this.refreshes.run(slug, (signal) => refreshEvents(this.ctx, slug, report, signal), options.signal);
  }

  importEvent(eventId: string, options: ImportOptions = {}, report: WorkReporter = SILENT): Promise<ImportReport> {
    return importEvent(this.ctx, eventId, options, report);
  }

  /** `refresh-events --depth laps_full`: the refresh, then deep imports one event at a time (never in parallel: politeness). */
  async refreshAndImport(slug: string, options: RefreshOptions, report: WorkReporter = SILENT): Promise<{ refresh: EventRefreshReport; imports: ImportReport[] }> {
    const refresh = await this.refreshEvents(slug, report);
    const imports: ImportReport[] = [];
    if (options.depth === 'laps_full') {
      const targets = options.only_new ? refresh.added : this.ctx.index.eventsBetween(slug, '0000-01-01', '9999-12-31').filter((e) => e.ingest_depth !== 'laps_full').map((e) => e.source_event_id);
      for (const id of targets) imports.push(await this.importEvent(id, {}, report));
    }
    return { refresh, imports };
  }

  searchTracks(query: string, limit?: number): TrackRecord[] {
    return this.ctx.index.searchTracks(query, limit);
  }

  eventsBetween(slug: string, from: string, to: string): EventRecord[] {
    return this.ctx.index.eventsBetween(slug, from, to);
  }

  async eventDetail(eventId: string): Promise<EventDetail | null> {
    const event = await this.ctx.store.get<EventRecord>('events', eventId);
    if (!event) return null;
    const races = await this.ctx.store.values<RaceRecord>('races', `${eventId}.*`);
    races.sort((a, b) => b.order - a.order);
    const detailed: EventDetail['races'] = [];
    for (const race of races) {
      const results = await this.ctx.store.values<RaceResultRecord>('results', `${race.source_race_id}.*`);
      const named = [];
      for (const r of results.sort((a, b) => a.position - b.position)) {
        const driver = await this.ctx.store.get<DriverRecord>('drivers', r.driver_key);
        named.push({ ...r, driver_name: driver?.display_name ?? r.driver_key, source_driver_id: driver?.source_driver_id ?? null });
      }
      detailed.push({ ...race, results: named });
    }
    return { event, races: detailed };
  }

  /** One imported race in the one lap model, the shape box-timed races take too. */
  raceLapModel(raceId: string): Promise<LapModelRace | null> {
    return readLiveRcLapRace(this.ctx.store, raceId);
  }

  /** Every driver's laps of one race, in finishing order. */
  async raceLaps(raceId: string): Promise<{ race: RaceRecord; drivers: (LapsRecord & { driver_name: string; position: number })[] } | null> {
    const [raceKey] = await this.ctx.store.keys('races', `*.${raceId}`);
    if (!raceKey) return null;
    const race = (await this.ctx.store.get<RaceRecord>('races', raceKey))!;
    const drivers = [];
    for (const laps of await this.ctx.store.values<LapsRecord>('laps', `${raceId}.*`)) {
      const driver = await this.ctx.store.get<DriverRecord>('drivers', laps.driver_key);
      const result = await this.ctx.store.get<RaceResultRecord>('results', `${raceId}.${laps.driver_key}`);
      drivers.push({ ...laps, driver_name: driver?.display_name ?? laps.driver_key, position: result?.position ?? 0 });
    }
    drivers.sort((a, b) => a.position - b.position);
    return { race, drivers };
  }
}
