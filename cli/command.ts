/** @module What every `mre` subcommand provides, and the error that means "wrong usage" (exit 2). */

export interface Command {
  /** Words after `mre` that select it, e.g. `decode` or `tracks sync`. */
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Runs with the arguments after the command's name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** Bad flags or arguments: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
