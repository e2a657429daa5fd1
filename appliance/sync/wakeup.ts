/** @module How the sync loop waits: for the log's next commit (no polling timer) or a backoff delay, either cut short when the loop stops. */
import { setTimeout as delay } from 'node:timers/promises';

/** A commit signal that is never lost: one that comes while nobody waits makes the next wait return at once. */
export class Wakeup {
  private signalled = false;
  private waiter: (() => void) | undefined;

  signal(): void {
    this.signalled = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** Resolves at the next signal (at once if one came since the last wait), or when `halt` aborts. */
  wait(halt: AbortSignal): Promise<void> {
    if (this.signalled || halt.aborted) {
      this.signalled = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        halt.removeEventListener('abort', done);
        this.signalled = false;
        this.waiter = undefined;
        resolve();
      };
      this.waiter = done;
      halt.addEventListener('abort', done, { once: true });
    });
  }
}

/** Waits `ms`, or less when `halt` aborts; never rejects. */
export function pause(ms: number, halt: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal: halt }).then(
    () => undefined,
    () => undefined,
  );
}
