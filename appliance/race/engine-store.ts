/** @module The engine's own LevelDB: derived events by the lsn that caused them, periodic snapshots so a restart resumes in seconds, and archived events' final views. */
import { Level } from 'level';
import type { ArchivedEvent, DerivedEvent, EventView, RaceDetail, RaceView, Standings } from '../../shared/race/index.ts';

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
  private pending: { type: 'put'; key: string; value: string }[] = [];

  private constructor(private readonly db: Level<string, string>) {}

  static async open(dir: string): Promise<EngineStore> {
    const db = new Level<string, string>(dir);
    try {
      await db.open();
    } catch (error) {
      const code = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
      if (code === 'LEVEL_LOCKED') throw new Error(`engine store ${dir} is in use by another process (is the appliance running?)`);
      throw new Error(`cannot open the engine store in ${dir}: ${(error as Error).message}`);
    }
    return new EngineStore(db);
  }

  /** The newest snapshot, or null. Derived events are not fsynced: the log can always re-derive them. */
  async latestSnapshot(): Promise<{ lsn: number; snapshot: string } | null> {
    const [entry] = await this.db.iterator({ ...SNAPSHOTS, reverse: true, limit: 1 }).all();
    return entry ? { lsn: Number(entry[0].slice(2)), snapshot: entry[1] } : null;
  }

  /** Queues derived events; they are written in order, batched per turn of the event loop. */
  add(lsn: number, events: readonly DerivedEvent[]): void {
    events.forEach((event, i) => this.pending.push({ type: 'put', key: derivedKey(lsn, i), value: JSON.stringify(event) }));
    if (this.pending.length === events.length && events.length > 0) this.writing = this.writing.then(() => this.writePending());
  }

  /** Queues an archived event's final views, in order with the derived events around it. */
  addArchived(archived: readonly ArchivedEvent[]): void {
    if (archived.length === 0) return;
    const wasEmpty = this.pending.length === 0;
    for (const a of archived) for (const { key, value } of archiveRecords(a)) this.pending.push({ type: 'put', key, value });
    if (wasEmpty) this.writing = this.writing.then(() => this.writePending());
  }

  async archivedEvents(): Promise<ArchivedEventSummary[]> {
    await this.flush();
    return (await this.db.values(ARCHIVED_SUMMARIES).all()).map((v) => JSON.parse(v) as ArchivedEventSummary);
  }

  async archivedEvent(eventId: string): Promise<ArchivedEventRecord | undefined> {
    await this.flush();
    const value = await this.db.get(archivedEventKey(eventId));
    return value === undefined ? undefined : (JSON.parse(value) as ArchivedEventRecord);
  }

  async archivedRace(raceId: string): Promise<RaceDetail | undefined> {
    await this.flush();
    const value = await this.db.get(archivedRaceKey(raceId));
    return value === undefined ? undefined : (JSON.parse(value) as RaceDetail);
  }

  /** The stored text under each key, for `mre appliance replay` to compare byte for byte. */
  async rawValues(keys: readonly string[]): Promise<(string | undefined)[]> {
    await this.flush();
    return this.db.getMany([...keys]);
  }

  private async writePending(): Promise<void> {
    const ops = this.pending;
    this.pending = [];
    if (ops.length > 0) await this.db.batch(ops);
  }

  async flush(): Promise<void> {
    await this.writing;
    await this.writePending();
  }

  async saveSnapshot(lsn: number, snapshot: string): Promise<void> {
    await this.flush();
    await this.db.put(snapshotKey(lsn), snapshot);
    const old = await this.db.keys({ ...SNAPSHOTS, reverse: true }).all();
    if (old.length > KEEP_SNAPSHOTS) await this.db.batch(old.slice(KEEP_SNAPSHOTS).map((key) => ({ type: 'del' as const, key })));
  }

  /** Drops derived events after `lsn`: they are derived again from the log. */
  async clearAfter(lsn: number): Promise<void> {
    await this.flush();
    await this.db.clear({ gt: derivedKey(lsn, 9999), lt: DERIVED.lt });
  }

  /**
   * Drops derived events and snapshots: `mre appliance replay --repair` rebuilds them from the log.
   * Archived events stay, since the log may no longer hold what they came from; the rebuild
   * overwrites those it derives again.
   */
  async clearAll(): Promise<void> {
    await this.flush();
    await this.db.clear(DERIVED);
    await this.db.clear(SNAPSHOTS);
  }

  /**
   * Drops derived events from before `cutoffUs` (the time they happened): a day of open
   * practice is tens of MB of race views, and the log can re-derive any of them.
   * Returns how many were dropped.
   */
  async pruneBefore(cutoffUs: number): Promise<number> {
    await this.flush();
    let removed = 0;
    let doomed: string[] = [];
    // Whole envelopes only: the events of one lsn go together, so replay can line up with what is left.
    let group: string[] = [];
    let groupLsn = -1;
    const drop = async (keys: string[]) => {
      await this.db.batch(keys.map((key) => ({ type: 'del' as const, key })));
      removed += keys.length;
    };
    for await (const [key, value] of this.db.iterator(DERIVED)) {
      const lsn = Number(key.slice(2, 18));
      if (lsn !== groupLsn) {
        doomed.push(...group);
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
    doomed.push(...group);
    if (doomed.length > 0) await drop(doomed);
    return removed;
  }

  async *derived(): AsyncGenerator<StoredDerived> {
    for await (const [key, value] of this.db.iterator(DERIVED)) yield { lsn: Number(key.slice(2, 18)), event: JSON.parse(value) as DerivedEvent };
  }

  async close(): Promise<void> {
    await this.flush();
    await this.db.close();
  }
}
