/** @module `npm run bench`: runs each entry in a fresh process, prints a table, writes bench-results/latest.json (git-ignored). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import type { BenchEntry, BenchResult } from './bench-types.ts';
import { ENTRIES } from './entries.ts';

function passes(entry: BenchEntry, result: BenchResult): boolean {
  return entry.target.better === 'higher' ? result.value >= entry.target.value : result.value <= entry.target.value;
}

/** Child mode: run one entry, print its result as JSON. */
async function runOne(name: string): Promise<void> {
  const entry = ENTRIES.find((e) => e.name === name);
  if (!entry) throw new Error(`no benchmark named "${name}"`);
  process.stdout.write(JSON.stringify(await entry.run()) + '\n');
}

async function runAll(filter: string | undefined): Promise<void> {
  const rows: { name: string; value: number; unit: string; target: string; pass: boolean; failed?: string; detail: BenchResult['detail'] }[] = [];
  for (const entry of ENTRIES.filter((e) => !filter || e.name.includes(filter))) {
    // A fresh process per entry: what one benchmark loads or warms up cannot skew the next.
    let output: string;
    try {
      output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--entry', entry.name], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      // One entry that cannot run (a fixture missing in this clone) must not cost the others their figures.
      const stderr = String((error as { stderr?: string }).stderr ?? '');
      const reason = stderr.split('\n').find((l) => /^\w*Error: /.test(l)) ?? (error as Error).message.split('\n')[0]!;
      rows.push({ name: entry.name, value: NaN, unit: '', target: `${entry.target.better === 'higher' ? '>=' : '<='} ${entry.target.value}`, pass: false, failed: reason, detail: {} });
      continue;
    }
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as BenchResult;
    rows.push({
      name: entry.name,
      value: result.value,
      unit: result.unit,
      target: `${entry.target.better === 'higher' ? '>=' : '<='} ${entry.target.value} ${result.unit}`,
      pass: passes(entry, result),
      detail: result.detail,
    });
  }
  const header = ['benchmark', 'result', 'target', 'status'];
  const table = rows.map((r) => [r.name, r.failed ? 'did not run' : `${r.value} ${r.unit}`, r.target, r.failed ? 'FAILED' : r.pass ? 'ok' : 'BELOW TARGET']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  for (const r of rows) console.log(`  ${r.name}: ${r.failed ?? Object.entries(r.detail).map(([k, v]) => `${k}=${v}`).join(' ')}`);

  const report = { at: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', results: rows };
  const dir = join(REPO_ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(`\nreport: ${join('bench-results', 'latest.json')}`);
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}

const args = process.argv.slice(2);
if (args[0] === '--entry') await runOne(args[1]!);
else await runAll(args[0]);
