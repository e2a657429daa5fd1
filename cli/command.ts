/** @module What every `mre` subcommand provides, its argument parsing, and the error that means "wrong usage" (exit 2). Loads nothing heavy: `mre --help` imports it. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../shared/config/config-error.ts';
import type { Logger } from '../shared/log/index.ts';

export interface Command {
  /** Words after `mre` that select it, e.g. `decode` or `tracks sync`. */
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text, built from small modules only: never the command's own code. */
  help(): string | Promise<string>;
  /** Loads the command's code (only now) and runs it with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** Bad flags or arguments: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs, strict, with its errors turned into UsageError (exit 2, one line). */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Loads a service's configuration; a bad one becomes wrong usage (exit 2) whose one line names every bad field. */
export function configOrUsage<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Resolves at the first SIGTERM or SIGINT (systemd stop, Ctrl-C), logging which. */
export function untilStopSignal(log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      log.info('stopping', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
