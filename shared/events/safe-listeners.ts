/** @module Event listeners that cannot hurt their emitter: one that throws or rejects is logged, and the others still run. */
import type { Logger } from '../log/index.ts';

/** Any function: the public `on` overloads (types.ts) give callers the precise signatures. */
type AnyListener = (...args: never[]) => unknown;

export class SafeListeners<Events extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof Events, AnyListener[]>();

  /** `owner` names the emitter in the log line, e.g. `decoder link listener failed`. */
  constructor(
    private readonly log: Logger,
    private readonly owner: string,
  ) {}

  on(event: keyof Events, fn: AnyListener): void {
    const list = this.listeners.get(event) ?? [];
    list.push(fn);
    this.listeners.set(event, list);
  }

  count(event: keyof Events): number {
    return this.listeners.get(event)?.length ?? 0;
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
    this.log.error(`${this.owner} listener failed`, { event: String(event), error: err instanceof Error ? err : String(err) });
  }
}
