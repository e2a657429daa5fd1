/** @module The LiveRC ingestion service: catalogue sync, event refresh, deep imports, and the reads the API serves from the store and its index. */
import type { NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '../../../shared/log/index.ts';
import { CatalogueIndex } from '../store/catalogue-index.ts';
import type { DriverRecord, EventRecord, LapsRecord, RaceRecord, RaceResultRecord, TrackRecord } from '../store/records.ts';
import { LiveRcStore, type StoreOptions } from '../store/store.ts';
import type { LiveRcConnector } from '../types.ts';
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

export class LiveRcIngestion {
  private constructor(private readonly ctx: IngestionContext) {}

  static async open(options: { nc: NatsConnection; connector: LiveRcConnector; store?: StoreOptions; now?: () => number }): Promise<LiveRcIngestion> {
    const store = await LiveRcStore.open(options.nc, options.store);
    const index = new CatalogueIndex();
    for (const track of await store.values<TrackRecord>('tracks')) index.upsertTrack(track);
    for (const event of await store.values<EventRecord>('events')) index.upsertEvent(event);
    return new LiveRcIngestion({ store, index, connector: options.connector, log: createLogger('cloud:liverc'), now: options.now ?? Date.now });
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

  refreshEvents(slug: string, report: WorkReporter = SILENT): Promise<EventRefreshReport> {
    return refreshEvents(this.ctx, slug, report);
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
