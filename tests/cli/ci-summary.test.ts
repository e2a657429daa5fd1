/** @module `.ci/test-summary.mjs`: the CI log's last line, taken from a real Vitest JSON report. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared-fixtures.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mre-ci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real Vitest on `files` in a project of their own and returns the path of its JSON report. */
async function vitestReport(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(dir, 'project-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const report = join(root, 'report.json');
  // This suite runs inside Vitest: its own variables would make the child think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TINYPOOL_WORKER_ID'));
  await run(process.execPath, [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', root, '--globals', '--reporter=json', `--outputFile.json=${report}`], { cwd: root, env }).catch(() => undefined);
  return report;
}

async function summary(report: string): Promise<{ code: number; lines: string[] }> {
  const result = await run(process.execPath, [join(REPO_ROOT, '.ci', 'test-summary.mjs'), report]).then((r) => ({ ...r, code: 0 }), (e: { code: number; stdout: string }) => e);
  return { code: result.code, lines: result.stdout.trim().split('\n') };
}

describe('ci summary', () => {
  it('ci summary - ends with the counts from the runner\'s report: passed, failed, skipped', async () => {
    const report = await vitestReport({
      'mixed.test.ts': "it('adds', () => expect(1 + 1).toBe(2));\nit('subtracts', () => expect(2 - 1).toBe(1));\nit('breaks', () => expect(1).toBe(2));\nit.todo('one day');\n",
    });
    const { code, lines } = await summary(report);
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('2 passed, 1 failed, 1 skipped');
  });

  it('ci summary - a test file that cannot load is said before the counts', async () => {
    const report = await vitestReport({ 'fine.test.ts': "it('works', () => expect(true).toBe(true));\n", 'broken.test.ts': "import './missing-module.ts';\nit('never', () => undefined);\n" });
    const { lines } = await summary(report);
    expect(lines).toEqual(['1 test file(s) failed to run', '1 passed, 0 failed']);
  });

  it('ci summary - no report (the type-check failed first) exits 1 saying the tests did not run', async () => {
    const { code, lines } = await summary(join(dir, 'absent.json'));
    expect(code).toBe(1);
    expect(lines.at(-1)).toContain('the tests did not run');
  });
});
