/** @module Captures journald lines the simulator writes during a test, and restores logging after it. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { configureLogging, type LogConfig } from '../../../shared/log/index.ts';

/** Call at the top of a test file; the returned array holds each test's log lines. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  let previous: LogConfig | undefined;
  // Restored after the whole file, so simulators stopped by per-test cleanups log into the capture too.
  beforeAll(() => {
    previous = configureLogging({ write: (line) => lines.push(line) });
  });
  beforeEach(() => {
    lines.length = 0;
  });
  afterAll(() => {
    if (previous) configureLogging(previous);
  });
  return lines;
}
