/** @module Runs the race engine on the box: feeds it the log in order, keeps derived events and snapshots in LevelDB, resumes from the newest snapshot. */
import { performance } from 'node:perf_hooks';
import type { Envelope } from '../../shared/contracts/index.ts';
import { SafeListeners } from '../../shared/events/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { ENGINE_MESSAGE_TYPES, RaceEngine, type ArchivedEvent, type DerivedEvent } from '../../shared/race/index.ts';
import type { Level } from 'level';
import { envelopeBatches, type EnvelopeLog, type StoredEnvelope } from '../log/index.ts';
import { EngineStore } from './engine-store.ts';
import { restore } from './snapshot-restore.ts';
import { EngineStoreDamagedError, moveAside } from './store-damage.ts';

const log = createLogger('appliance:race');
const READ_CHUNK = 1000;
const DAY_MS = 86_400_000;
/** While catching up, a snapshot this often (about four race days) keeps a long rebuild's progress; the live interval would cost more than the work. */
const CATCH_UP_SNAPSHOT_EVERY = 200_000;
/**
 * Live snapshots by count wait at least this long after the last one. At a race day's pace 5,000
 * envelopes take an hour; a decoder flood (or a stuck loop) brings them in seconds while a practice
 * board holds every crossing, and a 13 MB snapshot every few seconds tripled the box's memory.
 */
const SNAPSHOT_MIN_GAP_MS = 10_000;

export interface RaceHostOptions {
  log: EnvelopeLog;
  /** The engine's own LevelDB directory. */
  dir: string;
  /** Snapshot after this many envelopes (default 5000) … */
  snapshotEvery?: number;
  /** … or this often when anything changed (default 60 s). */
  snapshotIntervalMs?: number;
  /** Derived events older than this many days are dropped from the store (default 14); the log keeps what they came from. */
  keepDays?: number;
  /**
   * A damaged store at start: `rebuild` (default) moves it aside to `<dir>.damaged-<time>` and
   * rebuilds it from the log, with a warning; `stop` refuses to start (EngineStoreDamagedError).
   */
  onDamage?: 'rebuild' | 'stop';
}

export interface ResumeReport {
  from_snapshot_lsn: number;
  replayed: number;
  derived: number;
  ms: number;
  /** Set when the store was damaged and rebuilt from the log: where the damaged copy went and why. */
  rebuilt: { damaged_copy: string; reason: string } | null;
}

type Listener = (events: DerivedEvent[], envelope: Envelope, lsn: number) => void;
type HostSettings = Pick<RaceHostOptions, 'snapshotEvery' | 'snapshotIntervalMs' | 'keepDays'>;

export class RaceHost {
  private appliedLsn = 0;
  private snapshotLsn = 0;
  private readonly listeners = new SafeListeners<{ derived: Parameters<Listener>; envelope: [StoredEnvelope] }>(log, 'race host');
  private timer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private snapshotting: Promise<void> = Promise.resolve();
  private snapshotAtMs = -Infinity;
  /** Derived events of recent CONTROL envelopes, for the API answer to the request that logged them. */
  private readonly byLsn = new Map<number, DerivedEvent[]>();

  private constructor(
    readonly engine: RaceEngine,
    private readonly store: EngineStore,
    private readonly options: HostSettings,
  ) {}

  /**
   * Opens the store, restores the newest usable snapshot and replays the log after it. Call
   * before anything appends to the log: from then on it follows the log's commits itself.
   */
  static async start(options: RaceHostOptions): Promise<{ host: RaceHost; report: ResumeReport }> {
    const started = performance.now();
    let rebuilt: ResumeReport['rebuilt'] = null;
    let resumed: Awaited<ReturnType<typeof RaceHost.resume>>;
    try {
      resumed = await RaceHost.resume(options);
    } catch (error) {
      if (!(error instanceof EngineStoreDamagedError) || options.onDamage === 'stop') throw error;
      // The log is the truth and race day must go on: the store is derived, so it is rebuilt; the damaged copy is kept.
      const copy = await moveAside(options.dir);
      log.warn('engine store damaged: moved aside and rebuilt from the log', { dir: options.dir, reason: error.reason, damaged_copy: copy });
      rebuilt = { damaged_copy: copy, reason: error.reason };
      resumed = await RaceHost.resume(options);
    }
    const { host, from, replayed, derived } = resumed;
    options.log.onCommitted((batch) => {
      for (const stored of batch) host.apply(stored, true);
    });
    host.timer = setInterval(() => void host.snapshotIfChanged(), options.snapshotIntervalMs ?? 60_000);
    host.timer.unref();
    host.pruneTimer = setInterval(() => void host.prune(), DAY_MS);
    host.pruneTimer.unref();
    const report = { from_snapshot_lsn: from, replayed, derived, ms: Math.round(performance.now() - started), rebuilt };
    log.info('race engine resumed', { ...report, rebuilt: rebuilt !== null });
    return { host, report };
  }

  /** Everything start does with the store, so that damage found anywhere in it is found before the box serves anything. */
  private static async resume(options: RaceHostOptions): Promise<{ host: RaceHost; from: number; replayed: number; derived: number }> {
    const store = await EngineStore.open(options.dir);
    try {
      const { engine, from } = await restore(store, options.log.stats().last_lsn);
      const host = new RaceHost(engine, store, options);
      host.appliedLsn = from;
      host.snapshotLsn = from;
      await store.clearAfter(from);
      const { replayed, derived } = await host.catchUp(options.log.db);
      await host.pruneOrThrow();
      if (replayed > 0) await host.saveSnapshot();
      return { host, from, replayed, derived };
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Rebuilds a cleared store from the whole log (`mre appliance replay --repair`) through the
   * same path as a start's catch-up; returns how much it replayed.
   */
  static async rebuild(logDb: Level<string, string>, store: EngineStore, keepDays?: number): Promise<{ replayed: number; derived: number }> {
    const host = new RaceHost(RaceEngine.create(), store, { ...(keepDays !== undefined ? { keepDays } : {}) });
    const counts = await host.catchUp(logDb);
    await host.saveSnapshot();
    return counts;
  }

  /** The log after the applied lsn, in batches; derived events older than the store keeps are not written at all. */
  private async catchUp(logDb: Level<string, string>): Promise<{ replayed: number; derived: number }> {
    this.store.keepFrom(Date.now() * 1000 - (this.options.keepDays ?? 14) * DAY_MS * 1000);
    let replayed = 0;
    let derived = 0;
    let snapshotAt = 0;
    for await (const batch of envelopeBatches(logDb, this.appliedLsn, READ_CHUNK, ENGINE_MESSAGE_TYPES)) {
      for (const stored of batch) derived += this.apply(stored, false).length;
      replayed += batch.length;
      await this.store.backpressure();
      if (replayed - snapshotAt >= CATCH_UP_SNAPSHOT_EVERY) {
        snapshotAt = replayed;
        await this.saveSnapshot();
      }
    }
    this.store.keepFrom(null);
    await this.store.flush();
    return { replayed, derived };
  }

  private apply(stored: StoredEnvelope, live: boolean): DerivedEvent[] {
    if (stored.lsn <= this.appliedLsn) return [];
    let events: DerivedEvent[];
    let archived: ArchivedEvent[] = [];
    try {
      ({ events, archived } = this.engine.applyStep(stored.envelope));
    } catch (error) {
      // A bug must not stop timing: the envelope stays in the log and a replay after the fix re-derives it.
      log.error('race engine failed on an envelope', { lsn: stored.lsn, type: stored.envelope.message_type, err: error as Error });
      events = [];
    }
    this.appliedLsn = stored.lsn;
    this.store.add(stored.lsn, events);
    this.store.addArchived(archived);
    for (const a of archived) log.info('event archived', { event_id: a.event.event_id, races: a.races.length, idle_h: Math.round((a.archived_at_us - a.last_activity_us) / 3.6e9) });
    if (live) {
      if (stored.envelope.message_type === 'CONTROL') this.remember(stored.lsn, events);
      this.listeners.emit('envelope', stored);
      if (events.length > 0) this.listeners.emit('derived', events, stored.envelope, stored.lsn);
    }
    if (live && stored.lsn - this.snapshotLsn >= (this.options.snapshotEvery ?? 5000) && performance.now() - this.snapshotAtMs >= SNAPSHOT_MIN_GAP_MS) void this.snapshotIfChanged();
    return events;
  }

  private remember(lsn: number, events: DerivedEvent[]): void {
    this.byLsn.set(lsn, events);
    // Requests take theirs at once; the cap only matters if one never does.
    if (this.byLsn.size > 256) this.byLsn.delete(this.byLsn.keys().next().value!);
  }

  /** The derived events of a CONTROL envelope this host applied (once). */
  takeDerived(lsn: number): DerivedEvent[] {
    const events = this.byLsn.get(lsn) ?? [];
    this.byLsn.delete(lsn);
    return events;
  }

  /** Every derived event after it is applied, with its cause, in log order. */
  onDerived(listener: Listener): void {
    this.listeners.on('derived', listener);
  }

  /** Every envelope applied live, in log order (the decoder channel's passings). */
  onEnvelope(listener: (stored: StoredEnvelope) => void): void {
    this.listeners.on('envelope', listener);
  }

  /** Final views of events that left the live state: what the results API reads for them. */
  get archive(): Pick<EngineStore, 'archivedEvents' | 'archivedEvent' | 'archivedMeeting' | 'archivedRace'> {
    return this.store;
  }

  get lastAppliedLsn(): number {
    return this.appliedLsn;
  }

  private snapshotIfChanged(): Promise<void> {
    return this.appliedLsn > this.snapshotLsn ? this.snapshot() : this.snapshotting;
  }

  snapshot(): Promise<void> {
    this.snapshotting = this.snapshotting.then(async () => {
      const lsn = this.appliedLsn;
      if (lsn <= this.snapshotLsn && lsn !== 0) return;
      // Taken synchronously, so it matches exactly the envelopes applied up to lsn.
      const snapshot = this.engine.snapshot();
      this.snapshotLsn = lsn;
      this.snapshotAtMs = performance.now();
      try {
        await this.store.saveSnapshot(lsn, snapshot);
      } catch (error) {
        log.error('engine snapshot not saved', { lsn, err: error as Error });
      }
    });
    return this.snapshotting;
  }

  /**
   * Snapshots now, at the applied lsn. A damaged store is thrown (start and rebuild must know); a
   * snapshot file that cannot be written is logged, since timing goes on without it and the next
   * start only replays more of the log.
   */
  private async saveSnapshot(): Promise<void> {
    const lsn = this.appliedLsn;
    try {
      await this.store.saveSnapshot(lsn, this.engine.snapshot());
      this.snapshotLsn = lsn;
    } catch (error) {
      if (error instanceof EngineStoreDamagedError) throw error;
      log.error('engine snapshot not saved', { lsn, err: error as Error });
    }
  }

  private async pruneOrThrow(): Promise<void> {
    const keepDays = this.options.keepDays ?? 14;
    const removed = await this.store.pruneBefore(Date.now() * 1000 - keepDays * DAY_MS * 1000);
    if (removed > 0) log.info('old derived events dropped', { removed, keep_days: keepDays });
  }

  private async prune(): Promise<void> {
    try {
      await this.pruneOrThrow();
    } catch (error) {
      log.error('derived events not pruned', { err: error as Error });
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.snapshot();
    try {
      await this.store.close();
    } catch (error) {
      // The log is what must close cleanly after this; the store is rebuilt from it if need be.
      log.error('engine store not closed cleanly', { dir: this.store.dir, err: error as Error });
    }
  }
}
