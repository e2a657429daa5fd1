/** @module Test runner configuration: every suite under tests/, real servers, generous timeouts for process start-up. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start their own nats-server, socat and Chromium processes; two cores are all CI has.
    maxWorkers: 2,
    // Each file re-importing the whole module graph cost about a fifth of the suite's time; files
    // start their own servers and share no state through modules, so a worker keeps its imports.
    isolate: false,
    reporters: ['default'],
  },
});
