/** @module Event listeners for the link: a listener that throws or rejects is logged, never allowed to stop the link. */
import type { Logger } from '../../shared/log/index.ts';

/** Any function: the public `on` overloads (types.ts) give callers the precise signatures. */
type AnyListener = (...args: never[]) => unknown;

export class SafeListeners<Events extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof Events, AnyListener[]>();

  constructor(private readonly log: Logger) {}

  on(event: keyof Events, fn: AnyListener): void {
    const list = this.listeners.get(event) ?? [];
    list.push(fn);
    this.listeners.set(event, list);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        const result = (fn as (...a: Events[K]) => unknown)(...args);
        if (result instanceof Promise) result.catch((err: unknown) => this.failed(event, err));
      } catch (err) {
        this.failed(event, err);
      }
    }
  }

  private failed(event: keyof Events, err: unknown): void {
    this.log.error('decoder link listener failed', { event: String(event), error: err instanceof Error ? err : String(err) });
  }
}
