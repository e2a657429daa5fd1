/** @module Where the LiveRC parser suites find their pages: the real saved pages in ../shared and the project's own in tests/fixtures/liverc. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { LiveRcError, type ErrorCode } from '../../../../cloud/liverc/types.ts';
import { REPO_ROOT, sharedPath } from '../../../support/shared-fixtures.ts';

export const LIVERC = 'fixtures/liverc/';

/** Every real page in ../shared/fixtures/liverc, relative to ../shared. */
export const REAL_PAGES = {
  dashboardThunderAlley: `${LIVERC}dashboard-thunderalley.html`,
  dashboardTrc: `${LIVERC}dashboard-trc.html`,
  event: `${LIVERC}event-486677.html`,
  eventList: `${LIVERC}events-list-canberraoffroad.html`,
  practiceDay: `${LIVERC}practice-day-canberraoffroad-2025-10-25.html`,
  practiceMonth: `${LIVERC}practice-month-canberraoffroad-2025-10.html`,
  practiceSession: `${LIVERC}practice-session-21289501.html`,
  aMain: `${LIVERC}race-result-6304829.html`,
  aMainReformatted: `${LIVERC}race-result-6304829.reformatted.html`,
  bMain: `${LIVERC}race-result-6304830.html`,
  bMainReformatted: `${LIVERC}race-result-6304830.reformatted.html`,
  points: `${LIVERC}view-points-psycho-nitro-blast.html`,
} as const;

export function realPage(relative: string): string {
  return readFileSync(sharedPath(relative), 'utf8');
}

export function ownPagePath(name: string): string {
  return join(REPO_ROOT, 'tests', 'fixtures', 'liverc', name);
}

export function ownPage(name: string): string {
  return readFileSync(ownPagePath(name), 'utf8');
}

/** Runs `parse` and returns the LiveRcError it must throw, failing the test when it does not. */
export function refusal(parse: () => unknown): LiveRcError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(LiveRcError);
    const refused = error as LiveRcError;
    // Messages name the page and the problem, never markup.
    expect(refused.message).not.toMatch(/<[a-z/!]/i);
    return refused;
  }
  throw new Error('expected the page to be refused, but it parsed');
}

export function expectRefused(parse: () => unknown, code: ErrorCode, message?: RegExp): LiveRcError {
  const error = refusal(parse);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  return error;
}
