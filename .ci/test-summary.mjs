#!/usr/bin/env node
/** @module Prints the CI log's last line, `N passed, N failed[, N skipped]`, from Vitest's own JSON report; exits 1 when there is no report. */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: test-summary.mjs REPORT.json');
  process.exit(2);
}

let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  // npm test stops before Vitest when the type-check or the web build fails.
  console.log(`no test report (${error.code ?? error.message}): the tests did not run; see the type-check or web build errors above`);
  process.exit(1);
}

const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A test file that cannot even load fails its suite without failing a test; say so, or "0 failed" would mislead.
const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
if (brokenFiles > 0) console.log(`${brokenFiles} test file(s) failed to run`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
