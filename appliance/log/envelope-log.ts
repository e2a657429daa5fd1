/** @module The durable envelope log: group-committed, fsynced LevelDB batches; seq without gaps per boot; duplicates refused atomically. */
import { Level, type ChainedBatch } from 'level';
import { CONTRACT_VERSION, messageTypeSchema, tokenSchema, type Envelope } from '../../shared/contracts/index.ts';
import { ulid, ulidFactory } from '../../shared/ids/index.ts';
import { SafeListeners } from '../../shared/events/index.ts';
import { createLogger, type Logger } from '../../shared/log/index.ts';
import { directoryBytes, diskState, freeBytes, type DiskLimits } from './disk.ts';
import { bootKey, CURSOR_KEY, ENVELOPE_RANGE, envelopeKey, lsnOfKey, PASSING_INDEX_RANGE, passingByLsnKey, passingKey } from './keys.ts';
import { LogFullError, type DiskState, type LogEntry, type LogStats, type StoredEnvelope } from './types.ts';

export interface EnvelopeLogOptions {
  dir: string;
  trackId: string;
  clientId: string;
  /** fsync every batch (default). Off only for benchmarks that measure the difference. */
  sync?: boolean;
  limits?: Partial<DiskLimits>;
  logger?: Logger;
}

type Job = { entries: LogEntry[]; resolve: (stored: (StoredEnvelope | null)[]) => void; reject: (error: Error) => void };

/** One group-commit batch, staged and waiting for (or in) its fsync. */
interface Staged {
  jobs: Job[];
  /** Puts go straight into a native batch while the previous fsync runs; write() only writes. */
  chain: ChainedBatch<Level<string, string>, string, string>;
  results: (StoredEnvelope | null)[][];
  /** Passing index keys in this batch: a duplicate later in the same or the next batch is refused. */
  keys: Set<string>;
  highest: Map<number, number>;
  /** The last envelope staged (not a duplicate): the durable counters move to it once written. */
  last: StoredEnvelope | undefined;
  startSeq: number;
  startLsn: number;
}

const EMPTY: ReadonlySet<string> = new Set();

function rejectAll(batch: Staged, reason: string | null): void {
  void batch.chain.close().catch(() => undefined);
  for (const job of batch.jobs) job.reject(new LogFullError(`log write failed: ${reason ?? 'unknown error'}`));
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
  private inFlightKeys: ReadonlySet<string> = EMPTY;
  private sizeBytes = 0;
  private free: number | null = null;
  private disk: DiskState = 'ok';
  private refusing: string | null = null;
  /** Highest passing number on disk per decoder: anything above it cannot be a duplicate. */
  private readonly maxPassing = new Map<number, number>();
  private readonly limits: DiskLimits;
  private readonly log: Logger;
  private readonly committed: SafeListeners<{ committed: [StoredEnvelope[]] }>;

  private constructor(
    readonly db: Level<string, string>,
    private readonly options: EnvelopeLogOptions,
    private lastLsn: number,
    private cursor: number,
  ) {
    this.durableLsn = lastLsn;
    this.limits = { minFreeBytes: 16 * 1024 * 1024, ...options.limits };
    this.log = options.logger ?? createLogger('appliance:log');
    this.committed = new SafeListeners(this.log, 'log');
  }

  /** Called with each batch's envelopes once they are on disk, in log order, before the appends resolve. */
  onCommitted(listener: (stored: StoredEnvelope[]) => void): void {
    this.committed.on('committed', listener);
  }

  static async open(options: EnvelopeLogOptions): Promise<EnvelopeLog> {
    tokenSchema('track_id').parse(options.trackId);
    tokenSchema('client_id').parse(options.clientId);
    const db = new Level<string, string>(options.dir);
    try {
      await db.open();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      if ((error as { code?: string }).code === 'LEVEL_LOCKED' || cause?.code === 'LEVEL_LOCKED') {
        throw new Error(`log directory ${options.dir} is in use by another process`);
      }
      throw new Error(`cannot open the log in ${options.dir}: ${(error as Error).message}`);
    }
    const last = await db.keys({ ...ENVELOPE_RANGE, reverse: true, limit: 1 }).all();
    const lastLsn = last[0] ? lsnOfKey(last[0]) : 0;
    const cursor = Number((await db.get(CURSOR_KEY)) ?? 0);
    const log = new EnvelopeLog(db, options, lastLsn, cursor);
    for (const [decoder, last] of await highestPassings(db)) log.maxPassing.set(decoder, last);
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
    if (this.refusing) return Promise.reject(new LogFullError(`log refuses new records: ${this.refusing}`));
    try {
      for (const entry of entries) checkEntry(entry);
    } catch (error) {
      return Promise.reject(error as Error);
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
    try {
      let writing: Promise<Staged | undefined> | undefined;
      while (this.queue.length > 0 || writing) {
        let next: Staged | undefined;
        if (this.queue.length > 0) {
          const jobs = this.queue.splice(0);
          if (this.refusing) for (const job of jobs) job.reject(new LogFullError(`log refuses new records: ${this.refusing}`));
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
            if (next) rejectAll(next, this.refusing);
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
    const batch: Staged = { jobs, chain: this.db.batch(), results: [], keys: new Set(), highest: new Map(), last: undefined, startSeq: this.lastSeq, startLsn: this.lastLsn };
    for (const job of jobs) {
      const out: (StoredEnvelope | null)[] = [];
      for (const entry of job.entries) out.push(await this.stage(entry, batch));
      batch.results.push(out);
    }
    return batch;
  }

  /** Writes a staged batch; resolves to the batch itself when it failed (the drain rolls back). */
  private async commit(batch: Staged): Promise<Staged | undefined> {
    this.inFlightKeys = batch.keys;
    try {
      if (batch.chain.length > 0) await batch.chain.write({ sync: this.options.sync ?? true });
      else await batch.chain.close();
    } catch (error) {
      this.onWriteError(error as Error);
      rejectAll(batch, this.refusing);
      return batch;
    } finally {
      this.inFlightKeys = EMPTY;
    }
    this.batchesWritten++;
    if (batch.last) {
      this.durableSeq = batch.last.envelope.seq;
      this.durableLsn = batch.last.lsn;
    }
    for (const [decoder, n] of batch.highest) if (n > (this.maxPassing.get(decoder) ?? -1)) this.maxPassing.set(decoder, n);
    // Before any append resolves: whoever awaits an append finds its envelope already applied downstream.
    if (this.committed.count('committed') > 0) {
      const stored = batch.results.flat().filter((s): s is StoredEnvelope => s !== null);
      if (stored.length > 0) this.committed.emit('committed', stored);
    }
    batch.jobs.forEach((job, i) => job.resolve(batch.results[i]!));
    return undefined;
  }

  private async stage(entry: LogEntry, batch: Staged): Promise<StoredEnvelope | null> {
    let indexKey: string | undefined;
    if (entry.passing) {
      const { decoder_id: decoder, passing_number: n } = entry.passing;
      indexKey = passingKey(decoder, n);
      if (batch.keys.has(indexKey) || this.inFlightKeys.has(indexKey)) return null;
      // Passing numbers only grow, so the index is read only for a number at or below the highest on disk (a replay).
      if (n <= (this.maxPassing.get(decoder) ?? -1) && (await this.db.has(indexKey))) return null;
      batch.keys.add(indexKey);
      if (n > (batch.highest.get(decoder) ?? -1)) batch.highest.set(decoder, n);
    }
    const lsn = ++this.lastLsn;
    // Built here from checked parts (ids at open, the entry in append), so no per-envelope schema pass.
    const envelope: Envelope = {
      id: this.nextId(),
      contract_version: CONTRACT_VERSION,
      track_id: this.options.trackId,
      client_id: this.options.clientId,
      boot_id: this.bootId,
      seq: ++this.lastSeq,
      captured_at_us: entry.captured_at_us,
      message_type: entry.message_type,
      payload: entry.payload,
    };
    batch.chain.put(envelopeKey(lsn), JSON.stringify(envelope));
    if (indexKey) batch.chain.put(indexKey, String(lsn)).put(passingByLsnKey(lsn), '');
    batch.last = { lsn, envelope };
    return batch.last;
  }

  private onWriteError(error: Error): void {
    const space = /no space|ENOSPC|disk full/i.test(error.message);
    this.refusing = space ? `disk full (${error.message})` : `write failed (${error.message})`;
    if (space) this.disk = 'full';
    this.log.error('log write failed, intake stopped', { dir: this.options.dir, err: error });
  }

  /** Re-measures the log and its disk; stops or resumes intake accordingly. */
  async refreshDisk(): Promise<void> {
    this.sizeBytes = await directoryBytes(this.options.dir);
    this.free = await freeBytes(this.options.dir);
    const { state, reason } = diskState(this.sizeBytes, this.free, this.limits);
    const wasRefusing = this.refusing;
    this.disk = state;
    if (reason && !wasRefusing) {
      this.refusing = reason;
      this.log.error('log full, intake stopped', { dir: this.options.dir, reason });
    } else if (!reason && wasRefusing) {
      this.refusing = null;
      this.log.info('log has room again, intake resumed', { dir: this.options.dir });
    }
  }

  async setSyncCursor(lsn: number): Promise<void> {
    if (lsn > this.durableLsn) throw new RangeError(`sync cursor ${lsn} is past the end of the log (${this.durableLsn})`);
    await this.db.put(CURSOR_KEY, String(lsn), { sync: true });
    this.cursor = lsn;
  }

  /** The highest passing number on disk per decoder (a copy), read once at open and kept current. */
  highestPassingNumbers(): Map<number, number> {
    return new Map(this.maxPassing);
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
      refusing: this.refusing,
    };
  }

  async close(): Promise<void> {
    await this.flush();
    await this.db.close();
  }
}

/** The highest passing number in the index per decoder, hopping from one decoder to the next. */
async function highestPassings(db: Level<string, string>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let upper: string = PASSING_INDEX_RANGE.lt;
  for (;;) {
    const [key] = await db.keys({ gt: PASSING_INDEX_RANGE.gt, lt: upper, reverse: true, limit: 1 }).all();
    if (!key) return out;
    const [, decoder, passing] = key.split('!');
    out.set(Number(decoder), Number(passing));
    upper = `p!${decoder}!`;
  }
}

const knownTypes = new Set<string>();

/** What an entry brings from outside the log: a message type, whole microseconds, an object payload. */
function checkEntry(entry: LogEntry): void {
  if (!knownTypes.has(entry.message_type)) {
    messageTypeSchema.parse(entry.message_type);
    knownTypes.add(entry.message_type);
  }
  if (!Number.isSafeInteger(entry.captured_at_us) || entry.captured_at_us < 0) {
    throw new TypeError(`captured_at_us must be whole microseconds since 1970, got ${entry.captured_at_us}`);
  }
  if (typeof entry.payload !== 'object' || entry.payload === null || Array.isArray(entry.payload)) {
    throw new TypeError('payload must be a JSON object');
  }
}
