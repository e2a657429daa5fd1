/** @module Locating harness executables and waiting for a spawned process to become ready, exit, or time out. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { exitDescription, terminate, type TrackedChild } from './child-process.ts';

/**
 * Finds `name` on PATH or in `extraDirs`; returns `name` unchanged when it is a path or cannot be
 * found, so that spawn reports ENOENT and the caller's "not found" message applies.
 */
export function resolveExecutable(name: string, extraDirs: string[] = []): string {
  if (name.includes('/')) return name;
  // Debian puts nats-server in /usr/sbin, which is not on PATH for ordinary users.
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return name;
}

export interface ReadyOptions<T> {
  /** Used in every error message, e.g. "nats-server". */
  name: string;
  /** Appended to the "not found" message to say how to get the program. */
  missingHint: string;
  timeoutMs: number;
  /** Returns the ready value, or undefined (or throws) while not ready yet. */
  poll: () => Promise<T | undefined>;
  pollIntervalMs?: number;
}

/** Resolves with the first value `poll` yields; on failure the child is killed before rejecting. */
export function waitForReady<T>(tracked: TrackedChild, opts: ReadyOptions<T>): Promise<T> {
  const { name, timeoutMs, pollIntervalMs = 20 } = opts;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let lastPollError = '';
    let pollTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      const why = lastPollError ? ` (last check failed: ${lastPollError})` : '';
      void fail(`${name} did not become ready within ${timeoutMs} ms${why}; its output:\n${tracked.output()}`);
    }, timeoutMs);
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(pollTimer);
      return true;
    };
    const fail = async (message: string): Promise<void> => {
      if (!settle()) return;
      if (tracked.running()) await terminate(tracked, 'SIGKILL');
      reject(new Error(message));
    };
    tracked.child.once('error', (err: NodeJS.ErrnoException) => {
      void fail(
        err.code === 'ENOENT'
          ? `${name} not found (${opts.missingHint})`
          : `${name} could not be started: ${err.message}`,
      );
    });
    void tracked.exited.then((info) => {
      void fail(`${name} exited before it was ready (${exitDescription(info)}); its output:\n${tracked.output()}`);
    });
    const tick = async (): Promise<void> => {
      try {
        const value = await opts.poll();
        if (value !== undefined) {
          if (settle()) resolve(value);
          return;
        }
      } catch (err) {
        lastPollError = err instanceof Error ? err.message : String(err);
      }
      if (!settled) pollTimer = setTimeout(() => void tick(), pollIntervalMs);
    };
    void tick();
  });
}
