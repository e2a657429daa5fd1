/** @module Test runner configuration: every suite under tests/, real servers, generous timeouts for process start-up. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start their own nats-server, socat and Chromium processes; two cores are all CI has.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
