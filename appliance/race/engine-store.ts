/** @module The engine's own store: in LevelDB a digest of each envelope's derived events by its lsn and archived events' final views (their race meeting's included); beside it, periodic snapshots so a restart resumes in seconds. */
import { BOX_LEVEL_OPTIONS } from '../../shared/fs/level-options.ts';
import { Level } from 'level';
import { diagnoseDirectory } from '../../shared/fs/unusable-dir.ts';
import type { ArchivedEvent, DerivedEvent, EventView, MeetingView, RaceDetail, RaceView, Standings } from '../../shared/race/index.ts';
import { BATCH_READ_BYTES, prefetchedBatches } from '../log/index.ts';
import type { BatchOp } from '../log/types.ts';
import { DerivedDigester } from './derived-digest.ts';
import { derivedRecord, parseDerivedEntry, recordText, type StoredDerived } from './derived-record.ts';
import { createLogger } from '../../shared/log/index.ts';
import { KEEP_SNAPSHOTS, SnapshotFiles, type SnapshotFile } from './snapshot-files.ts';
import { asDamage, EngineStoreDamagedError, missingCurrent } from './store-damage.ts';

const log = createLogger('appliance:race');

const pad = (n: number, width: number) => n.toString().padStart(width, '0');
const derivedKey = (lsn: number) => `h!${pad(lsn, 16)}`;
const DERIVED = { gt: 'h!', lt: 'h"' } as const;
/** Each derived event's whole JSON, one key per event: how stores before digests kept them (160 MB a race day). */
const OLD_DERIVED = { gt: 'd!', lt: 'd"' } as const;
/** Where stores before snapshot files kept them; moved out once at open. */
const OLD_SNAPSHOTS = { gt: 's!', lt: 's"' } as const;
const archivedEventKey = (eventId: string) => `a!e!${eventId}`;
const archivedRaceKey = (raceId: string) => `a!r!${raceId}`;
const archivedSummaryKey = (eventId: string) => `a!s!${eventId}`;
/** A race meeting's view as the event left: apart from the event's record, which events without a meeting keep as they always were. */
const archivedMeetingKey = (eventId: string) => `a!m!${eventId}`;
const ARCHIVED_SUMMARIES = { gt: 'a!s!', lt: 'a!s"' } as const;
/** Derived events up to this lsn were dropped (pruned, or never written by a rebuild): replay compares after it. */
const DROPPED_THROUGH_KEY = 'm!derived_dropped_through';
/** Writes queued beyond this wait for the store: a rebuild must not hold a day of race views in memory. */
const MAX_PENDING = 500;

/** An archived event as kept: the race summaries inline, each race's detail under its own key. */
export interface ArchivedEventRecord {
  event: EventView;
  races: RaceView[];
  standings: Standings[];
  last_activity_us: number;
  archived_at_us: number;
}

/** One line of the archived events list, kept apart so listing a season reads no race views. */
export interface ArchivedEventSummary {
  event_id: string;
  name: string;
  date: string | null;
  races: number;
  last_activity_us: number;
  archived_at_us: number;
}

/** The records an archived event is kept as, by key: each stored as its view's JSON. */
export function archiveViews(archived: ArchivedEvent): { key: string; view: unknown }[] {
  const { event, last_activity_us, archived_at_us } = archived;
  const record: ArchivedEventRecord = { event, races: archived.races.map((r) => r.race), standings: archived.standings, last_activity_us, archived_at_us };
  const summary: ArchivedEventSummary = { event_id: event.event_id, name: event.name, date: event.date, races: archived.races.length, last_activity_us, archived_at_us };
  return [
    { key: archivedSummaryKey(event.event_id), view: summary },
    { key: archivedEventKey(event.event_id), view: record },
    ...(archived.meeting ? [{ key: archivedMeetingKey(event.event_id), view: archived.meeting }] : []),
    ...archived.races.map((r) => ({ key: archivedRaceKey(r.race.race_id), view: r })),
  ];
}

export class EngineStore {
  private writing: Promise<void> = Promise.resolve();
  /** A queued write that failed since the last flush: kept for flush to throw, never left as an unhandled rejection. */
  private failure: Error | null = null;
  private pending: { type: 'put'; key: string; value: string }[] = [];
  /** While set, derived events from before this time are not written (a rebuild: pruning would drop them at once). */
  private keepFromUs: number | null = null;
  private droppedThrough = 0;
  /** Live writes and a rebuild digest the same way replay does. */
  readonly digester = new DerivedDigester();

  private readonly snapshotFiles: SnapshotFiles;

  private constructor(
    private readonly db: Level<string, string>,
    readonly dir: string,
  ) {
    this.snapshotFiles = new SnapshotFiles(dir);
  }

  /** Opens (or creates) the store; a damaged one is refused with EngineStoreDamagedError. */
  static async open(dir: string): Promise<EngineStore> {
    if (await missingCurrent(dir)) throw new EngineStoreDamagedError(dir, 'its CURRENT file is missing, so LevelDB would start it empty');
    const db = new Level<string, string>(dir, BOX_LEVEL_OPTIONS);
    try {
      await db.open();
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      if (code === 'LEVEL_LOCKED') throw new Error(`engine store ${dir} is in use by another process (is the appliance running?)`);
      const damage = asDamage(dir, error);
      if (damage instanceof EngineStoreDamagedError) throw damage;
      throw (await diagnoseDirectory(dir, 'the engine store')) ?? new Error(`cannot open the engine store in ${dir}: ${(error as Error).message}`);
    }
    const store = new EngineStore(db, dir);
    try {
      store.droppedThrough = Number((await store.guard(db.get(DROPPED_THROUGH_KEY))) ?? 0);
      await store.dropOldFormat();
      await store.moveOldSnapshots();
    } catch (error) {
      await db.close();
      throw error;
    }
    return store;
  }

  /**
   * A store written before digests holds each derived event's JSON under `d!`: it is dropped as
   * if pruned, so replay compares from the first envelope after it and nothing is rebuilt.
   */
  private async dropOldFormat(): Promise<void> {
    const [last] = await this.guard(this.db.keys({ ...OLD_DERIVED, reverse: true, limit: 1 }).all());
    if (last === undefined) return;
    const lsn = Number(last.slice(2, 18));
    await this.guard(this.db.clear(OLD_DERIVED));
    if (lsn > this.droppedThrough) {
      this.droppedThrough = lsn;
      await this.guard(this.db.put(DROPPED_THROUGH_KEY, String(lsn)));
    }
    log.info('engine store: derived events of the older format dropped; from now on each envelope keeps a digest', { dir: this.dir, through_lsn: lsn });
  }

  /** A store from before snapshot files keeps them in LevelDB: the newest few become files, then the rest goes. */
  private async moveOldSnapshots(): Promise<void> {
    const old = await this.guard(this.db.iterator({ ...OLD_SNAPSHOTS, reverse: true, limit: KEEP_SNAPSHOTS }).all());
    if (old.length === 0) return;
    for (const [key, snapshot] of old.reverse()) await this.snapshotFiles.save(Number(key.slice(2)), snapshot);
    await this.guard(this.db.clear(OLD_SNAPSHOTS));
    log.info('engine store: snapshots moved out of LevelDB into files', { dir: this.snapshotFiles.dir, snapshots: old.length });
  }

  /** LevelDB's corruption and I/O errors, as the typed error that says to rebuild. */
  private async guard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw asDamage(this.dir, error);
    }
  }

  /** Snapshots, newest first (the older ones are the fallback), each read when asked for. */
  snapshots(): Promise<SnapshotFile[]> {
    return this.snapshotFiles.list();
  }

  /** The lsn up to which derived events were dropped on purpose; 0 when the store holds them all. */
  get derivedDroppedThrough(): number {
    return this.droppedThrough;
  }

  /**
   * From now until the first derived event at or after `cutoffUs` (or `null`), events older than
   * it are not written: a rebuild of a season writes only the days the store keeps.
   */
  keepFrom(cutoffUs: number | null): void {
    this.keepFromUs = cutoffUs;
  }

  /** Queues the digest of an envelope's derived events; written in order, batched per turn of the event loop. */
  add(lsn: number, events: readonly DerivedEvent[]): void {
    if (events.length === 0) return;
    if (this.keepFromUs !== null) {
      if (events.every((e) => e.at_us < this.keepFromUs!)) {
        this.drop(lsn);
        return;
      }
      this.keepFromUs = null;
    }
    const wasEmpty = this.pending.length === 0;
    this.pending.push({ type: 'put', key: derivedKey(lsn), value: recordText(derivedRecord(lsn, events, this.digester.digest(events))) });
    if (wasEmpty) this.schedule();
  }

  private drop(lsn: number): void {
    if (lsn <= this.droppedThrough) return;
    const wasEmpty = this.pending.length === 0;
    this.droppedThrough = lsn;
    this.pending.push({ type: 'put', key: DROPPED_THROUGH_KEY, value: String(lsn) });
    if (wasEmpty) this.schedule();
  }

  /** Resolves at once unless many writes are queued: then once they are written. */
  async backpressure(): Promise<void> {
    if (this.pending.length > MAX_PENDING) await this.settle();
  }

  /** Queues an archived event's final views, in order with the derived events around it. */
  addArchived(archived: readonly ArchivedEvent[]): void {
    if (archived.length === 0) return;
    const wasEmpty = this.pending.length === 0;
    for (const a of archived) for (const { key, view } of archiveViews(a)) this.pending.push({ type: 'put', key, value: JSON.stringify(view) });
    if (wasEmpty) this.schedule();
  }

  async archivedEvents(): Promise<ArchivedEventSummary[]> {
    await this.settle();
    return (await this.guard(this.db.values(ARCHIVED_SUMMARIES).all())).map((v) => JSON.parse(v) as ArchivedEventSummary);
  }

  async archivedEvent(eventId: string): Promise<ArchivedEventRecord | undefined> {
    await this.settle();
    const value = await this.guard(this.db.get(archivedEventKey(eventId)));
    return value === undefined ? undefined : (JSON.parse(value) as ArchivedEventRecord);
  }

  /** The race meeting of an archived event as it was served just before the event left; undefined for an event without one. */
  async archivedMeeting(eventId: string): Promise<MeetingView | undefined> {
    await this.settle();
    const value = await this.guard(this.db.get(archivedMeetingKey(eventId)));
    return value === undefined ? undefined : (JSON.parse(value) as MeetingView);
  }

  async archivedRace(raceId: string): Promise<RaceDetail | undefined> {
    await this.settle();
    const value = await this.guard(this.db.get(archivedRaceKey(raceId)));
    return value === undefined ? undefined : (JSON.parse(value) as RaceDetail);
  }

  /**
   * The stored bytes under each key, for `mre appliance replay` to compare byte for byte: a
   * season's archived views are some 100 MB, and as bytes they are neither decoded into
   * JavaScript strings nor compared as strings that long (a tenth of memcmp's speed).
   */
  async rawBytes(keys: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    await this.flush();
    return this.guard(this.db.getMany<string, Uint8Array>([...keys], { valueEncoding: 'view' }));
  }

  private async writePending(): Promise<void> {
    const ops = this.pending;
    this.pending = [];
    if (ops.length > 0) await this.guard(this.db.batch(ops));
  }

  /** Writes run one after another; a failed one is logged once and recorded, so a full or failing disk cannot take the box down mid-race. */
  private schedule(): void {
    this.writing = this.writing.then(() => this.writePending()).catch((error: Error) => this.failed(error));
  }

  private failed(error: Error): void {
    if (!this.failure) log.error('engine store write failed: derived events are not being kept (results are still served); run `mre appliance replay --repair` once the disk is fixed', { dir: this.dir, err: error });
    this.failure ??= error;
  }

  /** Waits for every queued write; failures are recorded, not thrown (reads need not fail with them). */
  private async settle(): Promise<void> {
    await this.writing;
    try {
      await this.writePending();
    } catch (error) {
      this.failed(error as Error);
    }
  }

  /** Waits for every queued write and throws the first that failed since the last flush. */
  async flush(): Promise<void> {
    await this.settle();
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure;
  }

  /** After the derived events it covers are written, so a snapshot never runs ahead of the store's own records. */
  async saveSnapshot(lsn: number, snapshot: string): Promise<void> {
    await this.settle();
    await this.snapshotFiles.save(lsn, snapshot);
  }

  /** Drops a snapshot that cannot be used, so the next start does not trip over it again. */
  async dropSnapshot(key: string): Promise<void> {
    await this.snapshotFiles.drop(key);
  }

  /** Drops derived events after `lsn`: they are derived again from the log. */
  async clearAfter(lsn: number): Promise<void> {
    await this.flush();
    await this.guard(this.db.clear({ gt: derivedKey(lsn), lt: DERIVED.lt }));
    if (this.droppedThrough > lsn) {
      this.droppedThrough = lsn;
      await this.guard(this.db.put(DROPPED_THROUGH_KEY, String(lsn)));
    }
  }

  /**
   * Drops derived events and snapshots: `mre appliance replay --repair` rebuilds them from the log.
   * Archived events stay, since the log may no longer hold what they came from; the rebuild
   * overwrites those it derives again.
   */
  async clearAll(): Promise<void> {
    await this.flush();
    await this.guard(this.db.clear(DERIVED));
    await this.snapshotFiles.clear();
    await this.guard(this.db.del(DROPPED_THROUGH_KEY));
    this.droppedThrough = 0;
  }

  /**
   * Drops the records of envelopes whose derived events all happened before `cutoffUs`, up to
   * the first that did not; returns how many derived events they stood for.
   */
  async pruneBefore(cutoffUs: number): Promise<number> {
    await this.settle();
    let removed = 0;
    let doomed: string[] = [];
    let droppedLsn = 0;
    const drop = async () => {
      const ops: BatchOp[] = doomed.map((key) => ({ type: 'del', key }));
      if (droppedLsn > this.droppedThrough) ops.push({ type: 'put', key: DROPPED_THROUGH_KEY, value: String(droppedLsn) });
      await this.guard(this.db.batch(ops));
      this.droppedThrough = Math.max(this.droppedThrough, droppedLsn);
      doomed = [];
    };
    for await (const batch of this.derivedBatches()) {
      let kept = false;
      for (const record of batch) {
        if (record.at_us >= cutoffUs) {
          kept = true;
          break;
        }
        doomed.push(derivedKey(record.lsn));
        droppedLsn = record.lsn;
        removed += record.events;
      }
      if (doomed.length >= 1000 || kept) await drop();
      if (kept) return removed;
    }
    if (doomed.length > 0) await drop();
    return removed;
  }

  /** The kept records in lsn order, a batch at a time. */
  async *derivedBatches(size = 1000): AsyncGenerator<StoredDerived[]> {
    for await (const entries of this.derivedRawBatches(size)) yield entries.map(parseDerivedEntry);
  }

  /** The kept records in lsn order as stored, a batch at a time (replay parses them itself, keeping the text to show a difference). */
  async *derivedRawBatches(size = 1000): AsyncGenerator<[string, string][]> {
    try {
      yield* prefetchedBatches(this.db.iterator({ ...DERIVED, highWaterMarkBytes: BATCH_READ_BYTES }), size);
    } catch (error) {
      throw asDamage(this.dir, error);
    }
  }

  async close(): Promise<void> {
    try {
      // A write that failed was logged when it did: closing must still release the store.
      await this.settle();
    } finally {
      // Even when the last writes failed (a damaged store), the lock must go with the process's hold on it.
      await this.db.close();
    }
  }
}
