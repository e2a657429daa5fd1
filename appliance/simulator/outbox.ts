/** @module Passings on their way out: journaled with one write per batch, then sent, so no host ever holds a passing the journal lacks. */
import type { PassingJournal } from './passing-journal.ts';

export class Outbox {
  private readonly pending: Uint8Array[] = [];

  constructor(
    private readonly journal: PassingJournal | undefined,
    private readonly send: (bytes: Uint8Array) => void,
  ) {}

  /** Held until flush() when there is a journal; otherwise sent at once. */
  passing(raw: Uint8Array): void {
    if (this.journal) this.pending.push(raw);
    else this.send(raw);
  }

  /** Anything else goes out after the passings before it, keeping the stream in order. */
  other(raw: Uint8Array): void {
    this.flush();
    this.send(raw);
  }

  /**
   * One write for the whole batch: a write per passing cost a burst a third of its rate.
   * When the write fails the batch is dropped unsent, so the journal still holds every
   * passing a host can have; the error goes to the caller.
   */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0);
    this.journal!.append(batch);
    for (const raw of batch) this.send(raw);
  }
}
