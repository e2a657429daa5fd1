/** @module What start-up has opened so far, closed in reverse order when a later step fails, so the process exits and frees the data directory. */
import type { Logger } from '../../shared/log/index.ts';

export class StartupUndo {
  private readonly steps: { what: string; close: () => unknown }[] = [];

  constructor(private readonly log: Logger) {}

  /** Registers how to close something start-up just opened. */
  add(what: string, close: () => unknown): void {
    this.steps.push({ what, close });
  }

  /**
   * Closes everything registered, newest first. A close that fails is logged and the rest
   * still run: the log and engine store must let go of their locks whatever else went wrong.
   */
  async run(): Promise<void> {
    for (const { what, close } of this.steps.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        this.log.warn('could not close after a failed start', { what, err: error as Error });
      }
    }
  }
}
