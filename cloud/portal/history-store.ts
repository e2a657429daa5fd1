/**
 * @module Drivers' history rows in the cloud's read models: written for a LiveRC event when its
 * import ends (a box's rows are written by the projection as its races finish), and read back for
 * one driver, newest event first, with one key listing and the values fetched together.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { boxRiderFilter, historyFilter, historyKey, newestFirst, nextHistoryRow, type HistoryRow } from '../../shared/contracts/driver-history.ts';
import type { LapModelRace } from '../../shared/contracts/lap-model.ts';
import { openProvisionedBucket } from '../ingest/open-bucket.ts';
import { BUCKETS } from '../ingest/stream-specs.ts';
import type { LiveRcIngestion } from '../liverc/ingestion/service.ts';
import { listJson, listKeys, modifyJson, readJson, type JsonBucket } from '../liverc/matching/kv-json.ts';
import type { TrackRecord } from '../liverc/store/records.ts';

/** A history lists at most this many events: a busy racer's decade. */
export const HISTORY_EVENTS = 500;

export class HistoryStore {
  private constructor(private readonly bucket: JsonBucket) {}

  /** Null when the read models bucket is not provisioned (history is then neither kept nor served). */
  static async open(nc: NatsConnection): Promise<HistoryStore> {
    const kv = await openProvisionedBucket(nc, 'readModels');
    return new HistoryStore({ name: BUCKETS.readModels, kv, jsm: await jetstreamManager(nc) });
  }

  /** One driver's events, newest first (at most HISTORY_EVENTS), at one track when given. */
  async read(source: string, driverKey: string, trackId?: string): Promise<HistoryRow[]> {
    const rows = (await listJson<HistoryRow>(this.bucket, historyFilter(source, driverKey, trackId))).map((s) => s.value);
    rows.sort(newestFirst);
    return rows.slice(0, HISTORY_EVENTS);
  }

  /** The box riders (their driver keys) that carried any of these transponders in a finished race, at most `limit`. */
  async boxRiders(transponders: readonly string[], limit: number): Promise<string[]> {
    const keys = (await Promise.all(transponders.map((t) => listKeys(this.bucket, boxRiderFilter(t))))).flat();
    return [...new Set(keys.map((k) => k.split('.')[4]!))].sort().slice(0, limit);
  }

  /** Writes every driver's row for an imported LiveRC event from its races in the one lap model; the rows written. */
  async recordLiveRcEvent(ingestion: LiveRcIngestion, eventId: string): Promise<number> {
    const detail = await ingestion.eventDetail(eventId);
    if (!detail) return 0;
    const races = (await Promise.all(detail.races.map((r) => ingestion.raceLapModel(r.source_race_id)))).filter((r): r is LapModelRace => r !== null);
    const track = races[0] ? await ingestion.store.get<TrackRecord>('tracks', races[0].event.track_id) : null;
    return this.recordRaces(races, track?.name ?? races[0]?.event.track_id ?? '');
  }

  /** The rows of every driver in these races of one event, built afresh; written only where they changed, so importing an event again changes no revision. */
  async recordRaces(races: readonly LapModelRace[], trackName: string): Promise<number> {
    const rows = new Map<string, HistoryRow>();
    for (const race of races) {
      for (const result of race.results) {
        const key = historyKey(race.event.source, result.driver_key, race.event.track_id, race.event.event_id);
        if (key === null) continue;
        const row = nextHistoryRow(rows.get(key), race, result.driver_key, trackName);
        if (row) rows.set(key, row);
      }
    }
    await Promise.all([...rows].map(([key, row]) => modifyJson<HistoryRow>(this.bucket, key, () => row)));
    return rows.size;
  }

  /** A small JSON record beside the rows (the back-fill's mark); null when absent. */
  async note<T>(key: string): Promise<T | null> {
    return (await readJson<T>(this.bucket, key))?.value ?? null;
  }

  async setNote<T>(key: string, value: T): Promise<void> {
    await modifyJson<T>(this.bucket, key, () => value);
  }
}
