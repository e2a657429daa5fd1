/**
 * @module The sync cursor's fsynced writes, kept off the path between one request and the
 * next: at most one write outstanding, the newest acknowledged lsn replacing any still waiting,
 * and a failed write kept for the loop to act on.
 */
import type { EnvelopeLog } from '../log/index.ts';

export class CursorWriter {
  /** The newest lsn given and not yet being written. */
  private waiting: number | undefined;
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(private readonly log: EnvelopeLog) {}

  /**
   * Saves `lsn`, which the cloud has acknowledged, after the write in progress. On disk the
   * cursor may lag what the cloud holds (those come back as duplicates if sent again), never lead it.
   */
  save(lsn: number): void {
    this.waiting = lsn;
    this.writing ??= this.drain();
  }

  private async drain(): Promise<void> {
    while (this.waiting !== undefined) {
      const lsn = this.waiting;
      this.waiting = undefined;
      try {
        await this.log.setSyncCursor(lsn);
      } catch (error) {
        this.failure = error as Error;
      }
    }
    this.writing = undefined;
  }

  /** The last write's failure since asked, once. */
  takeFailure(): Error | undefined {
    const failure = this.failure;
    this.failure = undefined;
    return failure;
  }

  /** Resolves once every lsn given so far is written (or its write failed). */
  settled(): Promise<void> {
    return this.writing ?? Promise.resolve();
  }
}
