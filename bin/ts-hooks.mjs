/** @module Module hooks that run the TypeScript sources as they are: each file is compiled once by esbuild and kept in a cache, so a warm start never loads esbuild. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE = join(tmpdir(), `mre-ts-${process.getuid?.() ?? 'user'}`);
// The project's own compiler options, so esbuild keeps what tsc keeps (verbatimModuleSyntax, class fields).
const TSCONFIG = readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8');
const FORMAT = 'esm-node20-inline-map-2';
/** @type {typeof import('esbuild') | undefined} */
let esbuild;

export async function load(url, context, nextLoad) {
  const path = url.startsWith('file:') ? fileURLToPath(url.split('?')[0]) : '';
  if (!path.endsWith('.ts')) return nextLoad(url, context);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha256').update(FORMAT).update(TSCONFIG).update(path).update(source).digest('hex').slice(0, 40);
  const cached = join(CACHE, `${key}.mjs`);
  try {
    return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  } catch {
    // Not compiled yet (or the cache was cleared with /tmp): compile below.
  }
  esbuild ??= await import('esbuild');
  const { code } = await esbuild.transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcesContent: false, sourcefile: path, tsconfigRaw: TSCONFIG });
  try {
    mkdirSync(CACHE, { recursive: true, mode: 0o700 });
    const temp = `${cached}.${process.pid}.tmp`;
    writeFileSync(temp, code);
    renameSync(temp, cached);
  } catch {
    // A cache that cannot be written costs a compile next time, nothing more.
  }
  return { format: 'module', source: code, shortCircuit: true };
}
