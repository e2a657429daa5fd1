/** @module The hub's shared intervals (heartbeat, drain poll): one timer for all clients, running only while needed, never holding the process open. */
import type { Logger } from '../log/index.ts';

export class SharedInterval {
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly name: string,
    private readonly ms: number,
    private readonly tick: () => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#run(), this.ms);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #run(): void {
    try {
      this.tick();
    } catch (err) {
      // A throw inside a timer would be uncaught and end the process; one missed tick is the lesser harm.
      this.log.error(`live ${this.name} tick failed`, { err: err instanceof Error ? err : String(err) });
    }
  }
}
