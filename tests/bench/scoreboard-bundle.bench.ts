/** @module Scoreboard bundle size: every script and stylesheet the scoreboard page loads, gzipped (what a phone downloads on the LAN); the same measure serves the portal's. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchEntry, BenchResult } from './bench-types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'web', 'dist');

/** Every script and stylesheet `web/dist/<page>/index.html` loads, gzipped -9, in KB; built from the sources first. */
export function pageBundle(page: 'scoreboard' | 'portal'): BenchResult {
  // Always measure what the sources build to now, not a stale dist.
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const file = join(DIST, page, 'index.html');
  if (!existsSync(file)) throw new Error(`no ${file} after npm run build:web`);
  const html = readFileSync(file, 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  if (assets.length === 0) throw new Error(`the ${page} page loads no scripts or stylesheets: the bundle was not found`);
  let raw = 0;
  let gzipped = 0;
  for (const asset of new Set(assets)) {
    const bytes = readFileSync(join(DIST, asset));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { value: Math.round((gzipped / 1024) * 10) / 10, unit: 'KB', detail: { files: new Set(assets).size, raw_kb: Math.round(raw / 102.4) / 10, compression: 'gzip -9', html_kb: Math.round(html.length / 102.4) / 10 } };
}

export const scoreboardBundleBench: BenchEntry = {
  name: 'scoreboard bundle, JS + CSS gzipped (KB)',
  target: { value: 60, better: 'lower' },
  run: async () => pageBundle('scoreboard'),
};
