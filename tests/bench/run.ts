/** @module `npm run bench`: runs every benchmark entry, prints a table, writes bench-results/latest.json (git-ignored). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import type { BenchEntry, BenchResult } from './bench-types.ts';
import { applianceIntakeBench } from './appliance-intake.bench.ts';
import { envelopeLogBench } from './envelope-log.bench.ts';
import { p3DecodeBench } from './p3-decode.bench.ts';

const ENTRIES: readonly BenchEntry[] = [p3DecodeBench, envelopeLogBench, applianceIntakeBench];

function passes(entry: BenchEntry, result: BenchResult): boolean {
  return entry.target.better === 'higher' ? result.value >= entry.target.value : result.value <= entry.target.value;
}

const filter = process.argv[2];
const rows: { name: string; value: number; unit: string; target: string; pass: boolean; detail: BenchResult['detail'] }[] = [];
for (const entry of ENTRIES.filter((e) => !filter || e.name.includes(filter))) {
  const result = await entry.run();
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
const table = rows.map((r) => [r.name, `${r.value} ${r.unit}`, r.target, r.pass ? 'ok' : 'BELOW TARGET']);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
for (const r of rows) console.log(`  ${r.name}: ${Object.entries(r.detail).map(([k, v]) => `${k}=${v}`).join(' ')}`);

const report = { at: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', results: rows };
const dir = join(REPO_ROOT, 'bench-results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
console.log(`\nreport: ${join('bench-results', 'latest.json')}`);
process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
