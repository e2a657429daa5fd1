/** @module The engine's own LevelDB: derived events by the lsn that caused them, periodic snapshots so a restart resumes in seconds, and archived events' final views. */
import { BOX_LEVEL_OPTIONS } from '../../shared/fs/level-options.ts';
import { Level } from 'level';
import { diagnoseDirectory } from '../../shared/fs/unusable-dir.ts';
import type { ArchivedEvent, DerivedEvent, EventView, RaceDetail, RaceView, Standings } from '../../shared/race/index.ts';
import { prefetchedBatches } from '../log/index.ts';
import type { BatchOp } from '../log/types.ts';
import { derivedJson } from './derived-json.ts';
import { createLogger } from '../../shared/log/index.ts';
import { asDamage, EngineStoreDamagedError, missingCurrent } from './store-damage.ts';

const log = createLogger('appliance:race');

const pad = (n: number, width: number) => n.toString().padStart(width, '0');
const derivedKey = (lsn: number, index: number) => `d!${pad(lsn, 16)}!${pad(index, 4)}`;
const snapshotKey = (lsn: number) => `s!${pad(lsn, 16)}`;
const DERIVED = { gt: 'd!', lt: 'd"' } as const;
const SNAPSHOTS = { gt: 's!', lt: 's"' } as const;
const archivedEventKey = (eventId: string) => `a!e!${eventId}`;
const archivedRaceKey = (raceId: string) => `a!r!${raceId}`;
const archivedSummaryKey = (eventId: string) => `a!s!${eventId}`;
const ARCHIVED_SUMMARIES = { gt: 'a!s!', lt: 'a!s"' } as const;
/** Older snapshots are a fallback if the newest is unreadable; three is plenty. */
const KEEP_SNAPSHOTS = 3;
/** Derived events up to this lsn were dropped (pruned, or never written by a rebuild): replay compares after it. */
const DROPPED_THROUGH_KEY = 'm!derived_dropped_through';
/** Writes queued beyond this wait for the store: a rebuild must not hold a day of race views in memory. */
const MAX_PENDING = 500;

export interface StoredDerived {
  lsn: number;
  event: DerivedEvent;
}

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

/** The records an archived event is kept as, serialized once for writing and for comparing. */
export function archiveRecords(archived: ArchivedEvent): { key: string; value: string }[] {
  const { event, last_activity_us, archived_at_us } = archived;
  const record: ArchivedEventRecord = { event, races: archived.races.map((r) => r.race), standings: archived.standings, last_activity_us, archived_at_us };
  const summary: ArchivedEventSummary = { event_id: event.event_id, name: event.name, date: event.date, races: archived.races.length, last_activity_us, archived_at_us };
  return [
    { key: archivedSummaryKey(event.event_id), value: JSON.stringify(summary) },
    { key: archivedEventKey(event.event_id), value: JSON.stringify(record) },
    ...archived.races.map((r) => ({ key: archivedRaceKey(r.race.race_id), value: JSON.stringify(r) })),
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

  private constructor(
    private readonly db: Level<string, string>,
    readonly dir: string,
  ) {}

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
    } catch (error) {
      await db.close();
      throw error;
    }
    return store;
  }

  /** LevelDB's corruption and I/O errors, as the typed error that says to rebuild. */
  private async guard<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw asDamage(this.dir, error);
    }
  }

  /** Snapshots, newest first (the older ones are the fallback). Derived events are not fsynced: the log can always re-derive them. */
  async snapshots(): Promise<{ key: string; lsn: number; snapshot: string }[]> {
    const entries = await this.guard(this.db.iterator({ ...SNAPSHOTS, reverse: true, limit: KEEP_SNAPSHOTS }).all());
    return entries.map(([key, snapshot]) => ({ key, lsn: Number(key.slice(2)), snapshot }));
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

  /** Queues derived events; they are written in order, batched per turn of the event loop. */
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
    for (let i = 0; i < events.length; i++) this.pending.push({ type: 'put', key: derivedKey(lsn, i), value: derivedJson(events[i]!) });
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
    for (const a of archived) for (const { key, value } of archiveRecords(a)) this.pending.push({ type: 'put', key, value });
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

  async archivedRace(raceId: string): Promise<RaceDetail | undefined> {
    await this.settle();
    const value = await this.guard(this.db.get(archivedRaceKey(raceId)));
    return value === undefined ? undefined : (JSON.parse(value) as RaceDetail);
  }

  /** The stored text under each key, for `mre appliance replay` to compare byte for byte. */
  async rawValues(keys: readonly string[]): Promise<(string | undefined)[]> {
    await this.flush();
    return this.guard(this.db.getMany([...keys]));
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

  async saveSnapshot(lsn: number, snapshot: string): Promise<void> {
    await this.settle();
    await this.guard(this.db.put(snapshotKey(lsn), snapshot));
    const old = await this.guard(this.db.keys({ ...SNAPSHOTS, reverse: true }).all());
    if (old.length > KEEP_SNAPSHOTS) await this.guard(this.db.batch(old.slice(KEEP_SNAPSHOTS).map((key) => ({ type: 'del' as const, key }))));
  }

  /** Drops a snapshot that cannot be used, so the next start does not trip over it again. */
  async dropSnapshot(key: string): Promise<void> {
    await this.guard(this.db.del(key));
  }

  /** Drops derived events after `lsn`: they are derived again from the log. */
  async clearAfter(lsn: number): Promise<void> {
    await this.flush();
    await this.guard(this.db.clear({ gt: derivedKey(lsn, 9999), lt: DERIVED.lt }));
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
    await this.guard(this.db.clear(SNAPSHOTS));
    await this.guard(this.db.del(DROPPED_THROUGH_KEY));
    this.droppedThrough = 0;
  }

  /**
   * Drops derived events from before `cutoffUs` (the time they happened): a day of open
   * practice is tens of MB of race views, and the log can re-derive any of them.
   * Returns how many were dropped.
   */
  async pruneBefore(cutoffUs: number): Promise<number> {
    await this.settle();
    let removed = 0;
    let doomed: string[] = [];
    // Whole envelopes only: the events of one lsn go together, so replay can line up with what is left.
    let group: string[] = [];
    let groupLsn = -1;
    let droppedLsn = 0;
    const drop = async (keys: string[]) => {
      const ops: BatchOp[] = keys.map((key) => ({ type: 'del', key }));
      if (droppedLsn > this.droppedThrough) ops.push({ type: 'put', key: DROPPED_THROUGH_KEY, value: String(droppedLsn) });
      await this.guard(this.db.batch(ops));
      this.droppedThrough = Math.max(this.droppedThrough, droppedLsn);
      removed += keys.length;
    };
    try {
      for await (const [key, value] of this.db.iterator(DERIVED)) {
        const lsn = Number(key.slice(2, 18));
        if (lsn !== groupLsn) {
          doomed.push(...group);
          if (group.length > 0) droppedLsn = groupLsn;
          group = [];
          groupLsn = lsn;
          if (doomed.length >= 1000) {
            await drop(doomed);
            doomed = [];
          }
        }
        if ((JSON.parse(value) as DerivedEvent).at_us >= cutoffUs) {
          group = [];
          break;
        }
        group.push(key);
      }
    } catch (error) {
      throw asDamage(this.dir, error);
    }
    if (group.length > 0) droppedLsn = groupLsn;
    doomed.push(...group);
    if (doomed.length > 0) await drop(doomed);
    return removed;
  }

  async *derived(): AsyncGenerator<StoredDerived> {
    for await (const batch of this.derivedBatches()) for (const [lsn, json] of batch) yield { lsn, event: JSON.parse(json) as DerivedEvent };
  }

  /** Derived events as stored (the text, unparsed), a batch at a time, in lsn order. */
  async *derivedBatches(size = 500): AsyncGenerator<[lsn: number, json: string][]> {
    try {
      for await (const entries of prefetchedBatches(this.db.iterator(DERIVED), size)) {
        const batch: [number, string][] = new Array(entries.length);
        for (let i = 0; i < entries.length; i++) batch[i] = [Number(entries[i]![0].slice(2, 18)), entries[i]![1]];
        yield batch;
      }
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
