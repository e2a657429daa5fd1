/** @module The durable envelope log: group-committed, fsynced LevelDB batches; seq without gaps per boot; true repeats refused atomically. */
import type { Level } from 'level';
import { CONTRACT_VERSION, tokenSchema, type Envelope } from '../../shared/contracts/index.ts';
import { ulid, ulidFactory } from '../../shared/ids/index.ts';
import { SafeListeners } from '../../shared/events/index.ts';
import { createLogger, RateLimitedWarning, type Logger } from '../../shared/log/index.ts';
import { directoryBytes, diskState, freeBytes, REOPEN_MIN_FREE_BYTES, type DiskLimits } from './disk.ts';
import { bootKey, CURSOR_KEY, ENVELOPE_RANGE, envelopeKey, lsnOfKey, passingByLsnKey } from './keys.ts';
import { openLogDb } from './open-db.ts';
import { PassingIndex } from './passing-index.ts';
import { RefusedLedger, type RefusedRange } from './refused.ts';
import { checkEntry } from './check-entry.ts';
import type { Job, Staged } from './batch.ts';
import { LogFullError, type DiskState, type LogEntry, type LogStats, type PassingRef, type StoredEnvelope } from './types.ts';

export interface EnvelopeLogOptions {
  dir: string;
  trackId: string;
  clientId: string;
  /** fsync every batch (default). Off only for benchmarks that measure the difference. */
  sync?: boolean;
  limits?: Partial<DiskLimits>;
  logger?: Logger;
}

export class EnvelopeLog {
  readonly bootId = ulid();
  private readonly nextId = ulidFactory();
  private queue: Job[] = [];
  private writing: Promise<void> | null = null;
  private lastSeq = 0;
  /** What is on disk: status reports these, never a seq whose batch is still being written. */
  private durableSeq = 0;
  private durableLsn: number;
  private batchesWritten = 0;
  private sizeBytes = 0;
  private free: number | null = null;
  private disk: DiskState = 'ok';
  private fullEpisodes = 0;
  private refusing: string | null = null;
  /** LevelDB failed a write: intake stays stopped until the database is reopened (see REOPEN_MIN_FREE_BYTES). */
  private writeFailed = false;
  private reopening: Promise<void> | undefined;
  /** Set while maintenance runs exclusive of the writer (see `exclusive`). */
  private gate: Promise<void> | undefined;
  private readonly reopenFailed: RateLimitedWarning;
  private readonly limits: DiskLimits;
  private readonly log: Logger;
  private readonly committed: SafeListeners<{ committed: [StoredEnvelope[]] }>;

  private constructor(
    readonly db: Level<string, string>,
    private readonly options: EnvelopeLogOptions,
    private lastLsn: number,
    private cursor: number,
    private index: PassingIndex,
    private readonly refused: RefusedLedger,
  ) {
    this.durableLsn = lastLsn;
    this.limits = { minFreeBytes: 16 * 1024 * 1024, ...options.limits };
    this.log = options.logger ?? createLogger('appliance:log');
    this.committed = new SafeListeners(this.log, 'log');
    this.reopenFailed = new RateLimitedWarning(this.log, 'log still cannot write, intake stays stopped', { fields: { dir: options.dir } });
  }

  /** Called with each batch's envelopes once they are on disk, in log order, before the appends resolve. */
  onCommitted(listener: (stored: StoredEnvelope[]) => void): void {
    this.committed.on('committed', listener);
  }

  static async open(options: EnvelopeLogOptions): Promise<EnvelopeLog> {
    tokenSchema('track_id').parse(options.trackId);
    tokenSchema('client_id').parse(options.clientId);
    const db = await openLogDb(options.dir, { locked: `log directory ${options.dir} is in use by another process` });
    const last = await db.keys({ ...ENVELOPE_RANGE, reverse: true, limit: 1 }).all();
    const lastLsn = last[0] ? lsnOfKey(last[0]) : 0;
    const cursor = Number((await db.get(CURSOR_KEY)) ?? 0);
    const log = new EnvelopeLog(db, options, lastLsn, cursor, await PassingIndex.load(db), await RefusedLedger.load(db));
    await db.put(bootKey(log.bootId), JSON.stringify({ started_at_us: Date.now() * 1000, first_lsn: lastLsn + 1 }), { sync: true });
    await log.refreshDisk();
    return log;
  }

  /**
   * Appends entries durably, in order. Resolves once the batch is on disk, with one result
   * per entry: the stored envelope, or null for a passing this log already holds. A
   * malformed entry rejects this call only; it never reaches the writer.
   */
  append(entries: LogEntry[]): Promise<(StoredEnvelope | null)[]> {
    try {
      for (const entry of entries) checkEntry(entry);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (this.refusing) {
      this.refused.note(entries);
      return Promise.reject(new LogFullError(`log refuses new records: ${this.refusing}`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Waits until everything appended so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /**
   * Group commit, pipelined: whatever queued during one fsync is staged (ids, seq, JSON)
   * while that fsync runs, then written as the next batch once it is done. Batches reach
   * LevelDB strictly one after another, so log order is append order.
   */
  private async drain(): Promise<void> {
    // A drain with nothing to do (behind a gate) would otherwise clear `writing` before its
    // caller's `this.writing ??= this.drain()` stores it: a settled writer that never runs again.
    await Promise.resolve();
    try {
      let writing: Promise<Staged | undefined> | undefined;
      // Behind a gate the writer finishes the batch on its way to disk and stages nothing more.
      while ((this.queue.length > 0 && !this.gate) || writing) {
        let next: Staged | undefined;
        if (this.queue.length > 0 && !this.gate) {
          const jobs = this.queue.splice(0);
          if (this.refusing) this.rejectAll(jobs, `log refuses new records: ${this.refusing}`);
          else next = await this.stageJobs(jobs);
        }
        if (writing) {
          const failed = await writing;
          writing = undefined;
          if (failed) {
            // Nothing of the failed batch is on disk: seq and lsn go back to its start and stay
            // gap-free; what was staged behind it carries later numbers and cannot be written.
            this.lastSeq = failed.startSeq;
            this.lastLsn = failed.startLsn;
            if (next) this.abandon(next);
            next = undefined;
          }
        }
        if (next) writing = this.commit(next);
      }
    } finally {
      // Cleared in the same step as the last empty-queue check: an append arriving any later
      // starts a new writer, never queues behind one that has already finished.
      this.writing = null;
    }
  }

  private async stageJobs(jobs: Job[]): Promise<Staged> {
    const batch: Staged = {
      jobs, chain: this.db.batch(), results: [], index: PassingIndex.overlay(), stored: [], refusedGaps: this.refused.take(), last: undefined, startSeq: this.lastSeq, startLsn: this.lastLsn,
    };
    for (const range of batch.refusedGaps) this.stageRefusedGap(range, batch);
    for (const job of jobs) {
      const out: (StoredEnvelope | null)[] = [];
      for (const entry of job.entries) out.push(entry.passing ? await this.stagePassing(entry, entry.passing, batch) : this.put(entry.message_type, entry.captured_at_us, entry.payload, batch));
      batch.results.push(out);
    }
    this.index.seal(batch.chain, batch.index);
    this.refused.seal(batch.chain);
    return batch;
  }

  /** A batch that cannot be written: its records are refused (and owed a GAP), its refused ranges go back to the ledger. */
  private abandon(batch: Staged): void {
    void batch.chain.close().catch(() => undefined);
    this.refused.restore(batch.refusedGaps);
    this.rejectAll(batch.jobs, `log write failed: ${this.refusing ?? 'unknown error'}`);
  }

  private rejectAll(jobs: Job[], message: string): void {
    for (const job of jobs) {
      this.refused.note(job.entries);
      job.reject(new LogFullError(message));
    }
  }

  /**
   * Runs `fn` while no batch is staged or written: maintenance that reads index keys and
   * rewrites them (pruning) or reopens the database must not interleave with the writer.
   * Appends meanwhile queue up and are written once `fn` is done.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    let open!: () => void;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    try {
      await this.writing;
      return await fn();
    } finally {
      this.gate = undefined;
      open();
      if (this.queue.length > 0) this.writing ??= this.drain();
    }
  }

  /** Writes a staged batch; resolves to the batch itself when it failed (the drain rolls back). */
  private async commit(batch: Staged): Promise<Staged | undefined> {
    this.index.writing(batch.index);
    try {
      if (batch.chain.length > 0) await batch.chain.write({ sync: this.options.sync ?? true });
      else await batch.chain.close();
    } catch (error) {
      this.onWriteError(error as Error);
      this.abandon(batch);
      return batch;
    } finally {
      this.index.writing(undefined);
    }
    this.batchesWritten++;
    if (batch.last) {
      this.durableSeq = batch.last.envelope.seq;
      this.durableLsn = batch.last.lsn;
    }
    this.index.committed(batch.index);
    // Before any append resolves: whoever awaits an append finds its envelope already applied downstream.
    if (this.committed.count('committed') > 0 && batch.stored.length > 0) this.committed.emit('committed', batch.stored);
    batch.jobs.forEach((job, i) => job.resolve(batch.results[i]!));
    return undefined;
  }

  /**
   * A passing is a repeat only when the log holds the same decoder, number, RTC time and
   * transponder; a number reused with another passing starts a new counting epoch. A gap in
   * the epoch is written as a GAP envelope just before the passing that revealed it.
   */
  private async stagePassing(entry: LogEntry, ref: PassingRef, batch: Staged): Promise<StoredEnvelope | null> {
    const classified = await this.index.classify(ref, batch.index);
    const { verdict } = classified;
    if (verdict.kind === 'repeat') return null;
    let gap: StoredEnvelope | undefined;
    if (verdict.kind === 'gap') {
      const { from, to, missing, epoch } = verdict;
      gap = this.put('GAP', entry.captured_at_us, { decoder_id: ref.decoder_id, from, to, missing, epoch, reason: 'not_received' }, batch);
    }
    const stored = this.put(entry.message_type, entry.captured_at_us, entry.payload, batch);
    this.index.hold(batch.chain, batch.index, ref, classified, stored.lsn);
    batch.chain.put(passingByLsnKey(stored.lsn), '');
    stored.passing = gap ? { ...verdict, gap } : verdict;
    return stored;
  }

  /** Passings refused while the log could not write, as one GAP per decoder, first thing once it can. */
  private stageRefusedGap({ decoder_id, from, to, count }: RefusedRange, batch: Staged): void {
    const last = this.index.state(decoder_id, batch.index)?.last;
    // Past the epoch's end, the GAP runs on from it: numbers lost on the way are as missing as those refused.
    const start = last !== undefined && to > last ? last + 1 : from;
    this.put('GAP', Date.now() * 1000, { decoder_id, from: start, to, missing: to - start + 1, refused: count, reason: 'refused_log_full' }, batch);
    this.index.skipTo(batch.index, decoder_id, start, to);
  }

  private put(type: LogEntry['message_type'], capturedAtUs: number, payload: Record<string, unknown>, batch: Staged): StoredEnvelope {
    const lsn = ++this.lastLsn;
    // Built here from checked parts (ids at open, the entry in append), so no per-envelope schema pass.
    const envelope: Envelope = {
      id: this.nextId(),
      contract_version: CONTRACT_VERSION,
      track_id: this.options.trackId,
      client_id: this.options.clientId,
      boot_id: this.bootId,
      seq: ++this.lastSeq,
      captured_at_us: capturedAtUs,
      message_type: type,
      payload,
    };
    batch.chain.put(envelopeKey(lsn), JSON.stringify(envelope));
    batch.last = { lsn, envelope };
    batch.stored.push(batch.last);
    return batch.last;
  }

  private onWriteError(error: Error): void {
    const space = /no space|ENOSPC|disk full/i.test(error.message);
    if (!this.refusing) this.fullEpisodes++;
    this.refusing = space ? `disk full (${error.message})` : `write failed (${error.message})`;
    if (space) this.disk = 'full';
    this.writeFailed = true;
    this.log.error('log write failed, intake stopped', { dir: this.options.dir, err: error });
  }

  /** Re-measures the log and its disk; stops or resumes intake accordingly (reopening LevelDB after a failed write). */
  async refreshDisk(): Promise<void> {
    this.sizeBytes = await directoryBytes(this.options.dir);
    this.free = await freeBytes(this.options.dir);
    const { state, reason } = diskState(this.sizeBytes, this.free, this.limits);
    if (this.writeFailed) {
      // The floor may be met, but LevelDB writes nothing more until it is reopened, and a reopen needs room.
      if (reason || (this.free !== null && this.free < Math.max(this.limits.minFreeBytes, REOPEN_MIN_FREE_BYTES))) return;
      await (this.reopening ??= this.reopen().finally(() => (this.reopening = undefined)));
      if (this.writeFailed) return;
    }
    const wasRefusing = this.refusing;
    this.disk = state;
    if (reason && !wasRefusing) {
      this.fullEpisodes++;
      this.refusing = reason;
      this.log.error('log full, intake stopped', { dir: this.options.dir, reason });
    } else if (!reason && wasRefusing) {
      this.refusing = null;
      this.log.info('log has room again, intake resumed', { dir: this.options.dir, refused_records: this.refused.totals.records });
      this.writeOwed();
    }
  }

  /** Closes and reopens LevelDB, which clears its failed-write state; what was durable stays, counters follow the disk. */
  private async reopen(): Promise<void> {
    try {
      await this.exclusive(async () => {
        if (this.db.status === 'open') await this.db.close();
        await this.db.open();
        await this.adoptTail();
        this.index = await PassingIndex.load(this.db);
      });
    } catch (error) {
      this.reopenFailed.add({ err: error as Error });
      return;
    }
    this.reopenFailed.stop();
    this.writeFailed = false;
    this.log.info('log reopened after a failed write', { dir: this.options.dir, last_lsn: this.durableLsn });
  }

  /**
   * A batch LevelDB reported failed can still have reached its write-ahead log and come back on
   * reopen. It is durable now: the counters move past it (no seq or lsn is used twice) and the
   * engine sees it, even though its appends were answered as refused.
   */
  private async adoptTail(): Promise<void> {
    const tail = await this.db.iterator({ gt: envelopeKey(this.durableLsn), lt: ENVELOPE_RANGE.lt }).all();
    if (tail.length === 0) return;
    const stored = tail.map(([key, value]) => ({ lsn: lsnOfKey(key), envelope: JSON.parse(value) as Envelope }));
    this.lastLsn = this.durableLsn = stored.at(-1)!.lsn;
    for (const { envelope } of stored) if (envelope.boot_id === this.bootId) this.lastSeq = this.durableSeq = envelope.seq;
    this.log.warn('log kept a write it had reported failed', { dir: this.options.dir, from_lsn: stored[0]!.lsn, to_lsn: this.durableLsn });
    this.committed.emit('committed', stored);
  }

  /** Writes what the log owes as soon as it can: GAPs for refused passings, the refused totals. */
  private writeOwed(): void {
    if (!this.refused.pending) return;
    this.queue.push({ entries: [], resolve: () => undefined, reject: () => undefined });
    this.writing ??= this.drain();
  }

  async setSyncCursor(lsn: number): Promise<void> {
    if (lsn > this.durableLsn) throw new RangeError(`sync cursor ${lsn} is past the end of the log (${this.durableLsn})`);
    await this.db.put(CURSOR_KEY, String(lsn), { sync: true });
    this.cursor = lsn;
  }

  /**
   * The highest passing number of each decoder's current counting epoch, on disk (a copy): what
   * the decoder's next passing follows, so a gap across a restart is seen.
   */
  highestPassingNumbers(): Map<number, number> {
    return this.index.lastNumbers();
  }

  /** Per decoder, the numbers of its current counting epoch the log is still missing, on disk: what a RESEND can still bring back. */
  openHoles(): Map<number, [from: number, to: number][]> {
    return this.index.openHoles();
  }

  get syncCursor(): number {
    return this.cursor;
  }

  stats(): LogStats {
    return {
      boot_id: this.bootId,
      last_seq: this.durableSeq,
      last_lsn: this.durableLsn,
      sync_cursor: this.cursor,
      unsynced: this.durableLsn - this.cursor,
      batches_written: this.batchesWritten,
      size_bytes: this.sizeBytes,
      disk: this.disk,
      disk_free_bytes: this.free,
      min_free_bytes: this.limits.minFreeBytes,
      disk_full_episodes: this.fullEpisodes,
      refusing: this.refusing,
      refused_log_full: { ...this.refused.totals },
    };
  }

  async close(): Promise<void> {
    this.reopenFailed.stop();
    await this.reopening;
    // Refused records counted since the last write are kept for the next start, when the disk allows.
    if (!this.refusing) this.writeOwed();
    await this.flush();
    await this.db.close();
  }
}
