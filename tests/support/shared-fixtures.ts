/** @module Locates the real captures and saved pages in ../shared; suites that need them step aside when it is absent, except under CI=true. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED_DIR = process.env.MRE_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared');

export function sharedPath(relative: string): string {
  return join(SHARED_DIR, relative);
}

/**
 * A describe block over files in ../shared. Absent files: under CI=true the suite fails
 * naming them; elsewhere (a clone without ../shared) it is reported as skipped, with a
 * warning naming what is missing, and the rest of the suite runs on its own fixtures.
 */
export function describeWithShared(name: string, relatives: readonly string[], body: () => void): void {
  const missing = relatives.filter((r) => !existsSync(sharedPath(r)));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`${name} - needs its fixtures`, () => {
        throw new Error(`missing fixtures under ${SHARED_DIR}: ${missing.join(', ')}`);
      });
    });
    return;
  }
  console.warn(`[fixtures] ${SHARED_DIR} lacks ${missing.join(', ')}: "${name}" does not run here`);
  describe.runIf(false)(name, body);
}
