/**
 * @module The box's cloud sync: reads the envelope log from its persisted cursor in lsn order,
 * POSTs batches to the cloud one request at a time (the next batch read while one is in flight),
 * and moves the cursor only over what the cloud acknowledged, its fsync overlapping the next
 * request. Woken by the log's commits (no polling timer); jittered exponential
 * backoff while the cloud is away; stops for good on a refusal retrying cannot fix.
 */
import type { SyncState, SyncStatus } from '../../shared/contracts/status.ts';
import { CONTRACT_VERSION } from '../../shared/contracts/envelope.ts';
import { createLogger, RateLimitedWarning, type Logger } from '../../shared/log/index.ts';
import { Backoff } from '../decoder/backoff.ts';
import type { EnvelopeLog } from '../log/index.ts';
import type { SendOutcome } from './answer.ts';
import { ingestTarget } from './cloud-url.ts';
import { IngestClient } from './ingest-client.ts';
import { SyncOutageLog } from './outage-log.ts';
import { acknowledgedPrefix, readBatch, type OutgoingBatch } from './read-batch.ts';
import { BetweenBatches } from './between-batches.ts';
import { CursorWriter } from './cursor-writer.ts';
import { pause, Wakeup } from './wakeup.ts';

export interface SyncLoopOptions {
  log: EnvelopeLog;
  /** The cloud's base URL. */
  url: string;
  token: string;
  batchSize: number;
  timeoutMs: number;
  logger?: Logger;
  /** Backoff between failed attempts: 0.5 s doubling to 60 s by default, with jitter. */
  backoff?: { initialMs?: number; maxMs?: number; random?: () => number };
  /** How long stop() lets a request in flight finish, so its acknowledgement is kept. */
  stopGraceMs?: number;
}

const nowUs = () => Date.now() * 1000;
/** A read started ahead may be dropped unawaited: its failure matters only to whoever awaits it. */
const quiet = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};
const settle = (promise: Promise<unknown> | undefined) => promise?.then(() => undefined, () => undefined);

export class SyncLoop {
  private state: SyncState = 'connecting';
  private readonly client: IngestClient;
  private readonly backoff: Backoff;
  private readonly outage: SyncOutageLog;
  private readonly logReadFailed: RateLimitedWarning;
  private readonly wake = new Wakeup();
  private readonly cursor: CursorWriter;
  /** Everything up to here is in the cloud; the cursor on disk follows it a write behind. */
  private acknowledgedLsn: number;
  private readonly gap = new BetweenBatches();
  /** Ends waits and the loop; a request in flight gets `stopGraceMs` before `abortRequest`. */
  private readonly halt = new AbortController();
  private readonly abortRequest = new AbortController();
  private readonly log: Logger;
  private running: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  /** Lowered after a 413, so a proxy with a smaller body limit still gets batches it takes. */
  private maxEnvelopes: number;
  private splitWarned = false;
  private oldestUnsentUs: number | null = null;
  /** The cloud has taken a batch this run: until then an empty one checks the token and the way there. */
  private answered = false;
  private readonly figures = { last_error: null as string | null, last_error_at_us: null as number | null, last_success_at_us: null as number | null, drained_this_boot: 0, requests_this_boot: 0, next_attempt_at_us: null as number | null };

  constructor(private readonly options: SyncLoopOptions) {
    this.log = options.logger ?? createLogger('appliance:sync');
    this.client = new IngestClient({ target: ingestTarget(options.url), token: options.token, timeoutMs: options.timeoutMs, userAgent: `mre-trackside-box (${CONTRACT_VERSION})` });
    this.backoff = new Backoff({ initialMs: options.backoff?.initialMs ?? 500, maxMs: options.backoff?.maxMs ?? 60_000, ...(options.backoff?.random ? { random: options.backoff.random } : {}) });
    this.outage = new SyncOutageLog(this.log, options.url);
    this.logReadFailed = new RateLimitedWarning(this.log, 'sync cannot read the log or save its cursor, retrying');
    this.maxEnvelopes = options.batchSize;
    this.cursor = new CursorWriter(options.log);
    this.acknowledgedLsn = options.log.syncCursor;
  }

  start(): void {
    if (this.running) return;
    const { log } = this.options;
    log.onCommitted((stored) => {
      if (this.halt.signal.aborted) return;
      this.oldestUnsentUs ??= stored[0]?.envelope.captured_at_us ?? null;
      this.wake.signal();
    });
    this.log.info('cloud sync started', { url: this.options.url, cursor_lsn: log.syncCursor, unsent: log.stats().unsynced, batch_size: this.options.batchSize });
    this.running = this.run().catch((error: Error) => {
      // A bug, not the cloud: say so once; the log keeps everything for the next start.
      this.state = 'refused';
      this.log.error('cloud sync stopped by an unexpected error', { err: error });
    });
  }

  status(): SyncStatus {
    const { last_lsn, sync_cursor } = this.options.log.stats();
    const lag = last_lsn - sync_cursor;
    const oldest = lag === 0 ? null : this.oldestUnsentUs;
    return {
      state: this.state,
      url: this.options.url,
      cursor_lsn: sync_cursor,
      lag_envelopes: lag,
      lag_seconds: lag === 0 ? 0 : oldest === null ? null : Math.max(0, Math.round((nowUs() - oldest) / 100_000) / 10),
      ...this.figures,
      ms_between_batches: this.gap.meanMs(),
    };
  }

  private async run(): Promise<void> {
    const { log } = this.options;
    /** The next batch, read while the one before it was in flight; good only if that one is acknowledged in full. */
    let ahead: Promise<OutgoingBatch> | undefined;
    while (!this.halt.signal.aborted) {
      const failedWrite = this.cursor.takeFailure();
      if (failedWrite) {
        // As if the write had been waited for: what the cloud has since the cursor on disk goes again, as duplicates.
        await settle(ahead);
        ahead = undefined;
        await this.cursor.settled();
        this.acknowledgedLsn = log.syncCursor;
        await this.troubleAtHome(failedWrite);
        continue;
      }
      let batch: OutgoingBatch;
      try {
        batch = await (ahead ?? readBatch(log, this.acknowledgedLsn, this.maxEnvelopes));
      } catch (error) {
        await this.troubleAtHome(error as Error);
        continue;
      } finally {
        ahead = undefined;
      }
      this.oldestUnsentUs = batch.refs[0]?.captured_at_us ?? null;
      if (batch.refs.length === 0) {
        this.outage.caughtUp();
        // Nothing to send: until the cloud has answered once, an empty batch checks the token and the way there.
        if (this.answered) {
          this.gap.idle();
          await this.wake.wait(this.halt.signal);
          continue;
        }
      }
      const lastLsn = batch.refs.at(-1)?.lsn;
      if (lastLsn !== undefined) ahead = quiet(readBatch(log, lastLsn, this.maxEnvelopes));
      let outcome: SendOutcome;
      try {
        this.figures.requests_this_boot++;
        this.gap.sending();
        outcome = await this.client.send(batch.body, this.abortRequest.signal);
        this.gap.answered();
      } catch {
        await settle(ahead);
        return; // aborted by stop()
      }
      const taken = outcome.kind === 'ok' ? this.acknowledged(batch, outcome.response.acked) : 0;
      if (outcome.kind === 'ok' && taken === batch.refs.length) continue;
      // Anything short of all of it: what was read ahead is dropped, the next batch read after what was acknowledged.
      await settle(ahead);
      ahead = undefined;
      if (outcome.kind === 'ok') {
        if (taken === 0) await this.retryLater(`the cloud answered 200 but acknowledged none of the batch (lsn ${batch.refs[0]!.lsn} to ${lastLsn})`, null);
      } else if (outcome.kind === 'retry') await this.retryLater(outcome.cause, outcome.retryAfterMs);
      else if (outcome.kind === 'too_large' && batch.refs.length > 1) this.splitBatches(batch, outcome.cause);
      else return this.refuse(outcome, batch);
    }
    await settle(ahead);
  }

  /** Moves the cursor over the batch's acknowledged prefix; returns its length. */
  private acknowledged(batch: OutgoingBatch, acked: Readonly<Record<string, number>>): number {
    const count = acknowledgedPrefix(batch.refs, acked);
    if (batch.refs.length > 0 && count === 0) return 0;
    if (count > 0) {
      this.acknowledgedLsn = batch.refs[count - 1]!.lsn;
      // Not waited for: the next request goes while the fsync runs.
      this.cursor.save(this.acknowledgedLsn);
    }
    this.state = 'online';
    this.answered = true;
    this.backoff.reset();
    this.figures.drained_this_boot += count;
    this.figures.last_success_at_us = nowUs();
    this.outage.succeeded(count);
    return count;
  }

  private async retryLater(cause: string, retryAfterMs: number | null): Promise<void> {
    const waitMs = Math.max(this.backoff.next(), retryAfterMs ?? 0);
    this.state = 'backing_off';
    this.gap.idle();
    this.noteError(cause);
    this.figures.next_attempt_at_us = nowUs() + waitMs * 1000;
    this.outage.failed(cause, waitMs, this.options.log.stats().unsynced);
    await pause(waitMs, this.halt.signal);
    this.figures.next_attempt_at_us = null;
  }

  /** The log itself failed (a read, or the cursor's write): not the cloud's fault, so not an outage line. */
  private async troubleAtHome(error: Error): Promise<void> {
    this.logReadFailed.add({ err: error });
    this.gap.idle();
    this.noteError(`the box's own log: ${error.message}`);
    await pause(this.backoff.next(), this.halt.signal);
  }

  private splitBatches(batch: OutgoingBatch, cause: string): void {
    this.maxEnvelopes = Math.max(1, Math.floor(batch.refs.length / 2));
    this.noteError(cause);
    const fields = { url: this.options.url, envelopes: batch.refs.length, now_at_most: this.maxEnvelopes, cause };
    // Halving to one envelope takes a few steps: the first says what happened, the rest are debug.
    if (this.splitWarned) return this.log.debug('sending smaller batches still', fields);
    this.splitWarned = true;
    this.log.warn('cloud refused a batch as too large, sending smaller ones', fields);
  }

  private refuse(outcome: Exclude<SendOutcome, { kind: 'ok' | 'retry' }>, batch: OutgoingBatch): void {
    const status = outcome.kind === 'too_large' ? 413 : outcome.status;
    const index = outcome.kind === 'too_large' ? 0 : outcome.index;
    const at = index === undefined ? undefined : batch.refs[index];
    this.state = 'refused';
    this.noteError(outcome.cause);
    this.outage.refused(outcome.cause, { status, ...(at ? { lsn: at.lsn, boot_id: at.boot_id, seq: at.seq } : {}) });
  }

  private noteError(cause: string): void {
    this.figures.last_error = cause;
    this.figures.last_error_at_us = nowUs();
  }

  /** Lets a request in flight finish (up to the grace), then closes the connection. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      this.halt.abort();
      this.logReadFailed.stop();
      const timer = setTimeout(() => this.abortRequest.abort(), this.options.stopGraceMs ?? 2_000);
      await this.running;
      clearTimeout(timer);
      // The newest acknowledged cursor is on disk before the log can be closed.
      await this.cursor.settled();
      await this.client.close();
    })());
  }
}
