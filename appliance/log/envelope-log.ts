/** @module The durable envelope log: group-committed, fsynced LevelDB batches; seq without gaps per boot; duplicates refused atomically. */
import { Level } from 'level';
import { CONTRACT_VERSION, envelopeSchema, type Envelope } from '../../shared/contracts/index.ts';
import { ulid, ulidFactory } from '../../shared/ids/index.ts';
import { createLogger, type Logger } from '../../shared/log/index.ts';
import { directoryBytes, diskState, freeBytes, type DiskLimits } from './disk.ts';
import { bootKey, CURSOR_KEY, ENVELOPE_RANGE, envelopeKey, lsnOfKey, passingByLsnKey, passingKey } from './keys.ts';
import { LogFullError, type BatchOp, type DiskState, type LogEntry, type LogStats, type StoredEnvelope } from './types.ts';

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
type Batch = BatchOp[];

export class EnvelopeLog {
  readonly bootId = ulid();
  private readonly nextId = ulidFactory();
  private queue: Job[] = [];
  private writing: Promise<void> | null = null;
  private lastSeq = 0;
  /** What is on disk: status reports these, never a seq whose batch is still being written. */
  private durableSeq = 0;
  private durableLsn: number;
  private sizeBytes = 0;
  private free: number | null = null;
  private disk: DiskState = 'ok';
  private refusing: string | null = null;
  private readonly limits: DiskLimits;
  private readonly log: Logger;

  private constructor(
    readonly db: Level<string, string>,
    private readonly options: EnvelopeLogOptions,
    private lastLsn: number,
    private cursor: number,
  ) {
    this.durableLsn = lastLsn;
    this.limits = { minFreeBytes: 16 * 1024 * 1024, ...options.limits };
    this.log = options.logger ?? createLogger('appliance:log');
  }

  static async open(options: EnvelopeLogOptions): Promise<EnvelopeLog> {
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
    await db.put(bootKey(log.bootId), JSON.stringify({ started_at_us: Date.now() * 1000, first_lsn: lastLsn + 1 }), { sync: true });
    await log.refreshDisk();
    return log;
  }

  /**
   * Appends entries durably, in order. Resolves once the batch is on disk, with one result
   * per entry: the stored envelope, or null for a passing this log already holds.
   */
  append(entries: LogEntry[]): Promise<(StoredEnvelope | null)[]> {
    if (this.refusing) return Promise.reject(new LogFullError(`log refuses new records: ${this.refusing}`));
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Waits until everything appended so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      // Group commit: whatever queued while the previous fsync ran goes in the next batch.
      while (this.queue.length > 0) await this.writeJobs(this.queue.splice(0));
    } finally {
      // Cleared in the same step as the last empty-queue check: an append arriving any later
      // starts a new writer, never queues behind one that has already finished.
      this.writing = null;
    }
  }

  private async writeJobs(jobs: Job[]): Promise<void> {
    const startSeq = this.lastSeq;
    const startLsn = this.lastLsn;
    const ops: Batch = [];
    const results: (StoredEnvelope | null)[][] = [];
    const inBatch = new Set<string>();
    try {
      for (const job of jobs) {
        const out: (StoredEnvelope | null)[] = [];
        for (const entry of job.entries) out.push(await this.stage(entry, ops, inBatch));
        results.push(out);
      }
      if (ops.length > 0) await this.db.batch(ops, { sync: this.options.sync ?? true });
      this.durableSeq = this.lastSeq;
      this.durableLsn = this.lastLsn;
    } catch (error) {
      // The batch is atomic: nothing of it is on disk, so seq and lsn go back and stay gap-free.
      this.lastSeq = startSeq;
      this.lastLsn = startLsn;
      this.onWriteError(error as Error);
      for (const job of jobs) job.reject(new LogFullError(`log write failed: ${(error as Error).message}`));
      return;
    }
    jobs.forEach((job, i) => job.resolve(results[i]!));
  }

  private async stage(entry: LogEntry, ops: Batch, inBatch: Set<string>): Promise<StoredEnvelope | null> {
    let indexKey: string | undefined;
    if (entry.passing) {
      indexKey = passingKey(entry.passing.decoder_id, entry.passing.passing_number);
      if (inBatch.has(indexKey) || (await this.db.has(indexKey))) return null;
      inBatch.add(indexKey);
    }
    const lsn = ++this.lastLsn;
    const envelope: Envelope = envelopeSchema.parse({
      id: this.nextId(),
      contract_version: CONTRACT_VERSION,
      track_id: this.options.trackId,
      client_id: this.options.clientId,
      boot_id: this.bootId,
      seq: ++this.lastSeq,
      captured_at_us: entry.captured_at_us,
      message_type: entry.message_type,
      payload: entry.payload,
    });
    ops.push({ type: 'put', key: envelopeKey(lsn), value: JSON.stringify(envelope) });
    if (indexKey) {
      ops.push({ type: 'put', key: indexKey, value: String(lsn) });
      ops.push({ type: 'put', key: passingByLsnKey(lsn), value: '' });
    }
    return { lsn, envelope };
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
