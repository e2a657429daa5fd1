/** @module Per-test cleanup registry: resources are released after each test even when it fails or times out. */
import { afterEach } from 'vitest';

/**
 * Call once at the top of a test file; returns `defer(fn)`, whose functions run in reverse order
 * after every test. Unlike try/finally, this also runs when vitest abandons a timed-out test.
 */
export function useCleanups(): (fn: () => unknown) => void {
  const pending: Array<() => unknown> = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const fn of pending.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, `${errors.length} cleanup(s) failed`);
  });
  return (fn) => {
    pending.push(fn);
  };
}
