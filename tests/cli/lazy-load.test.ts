/** @module What the real `mre` loads: a command's code only when that command runs, so `mre --help` and `mre decode` start fast on a Pi. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, useCleanups } from '../harness/index.ts';
import { encodeRecord, toHex } from '../../shared/p3/index.ts';
import { REPO_ROOT } from '../support/shared-fixtures.ts';
import { runMre } from '../support/run-mre.ts';

/** The repository modules the process loaded, from Node's own ESM debug lines. */
async function loadedModules(args: string[], input?: string, env: Record<string, string> = {}): Promise<{ code: number | null; modules: string[]; stdout: string }> {
  const result = await runMre(args, { env: { NODE_DEBUG: 'esm', ...env }, ...(input === undefined ? {} : { input }) });
  const urls = [...result.stderr.matchAll(/Storing (file:\/\/\S+)/g)].map((m) => m[1]!);
  const prefix = `file://${REPO_ROOT}/`;
  return { code: result.code, stdout: result.stdout, modules: [...new Set(urls.filter((u) => u.startsWith(prefix)).map((u) => u.slice(prefix.length)))] };
}

const heavy = (modules: string[]) => modules.filter((m) => /^(appliance\/(?!service\/config-env\.ts)|cloud\/|node_modules\/(zod|level|classic-level|hono|@hono|ws|cheerio|serialport|@nats-io|undici)\/)/.test(m));

const defer = useCleanups();
const esbuild = (modules: string[]) => modules.filter((m) => m.startsWith('node_modules/esbuild/'));

describe('cli lazy loading', () => {
  it('cli lazy loading - `mre --help` loads the command table but no command code, zod or LevelDB', async () => {
    const { code, modules } = await loadedModules(['--help']);
    expect(code).toBe(0);
    expect(modules).toContain('cli/main.ts');
    expect(modules).toContain('cli/commands/index.ts');
    expect(modules.filter((m) => m.startsWith('cli/commands/') && m !== 'cli/commands/index.ts')).toEqual([]);
    expect(heavy(modules)).toEqual([]);
  });

  it('cli lazy loading - `mre decode` loads the P3 codec and nothing of the appliance or the cloud', async () => {
    const frame = encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 7, transponder: 1234, rtc_time_us: 1551548443067000, decoder_id: 268307 });
    const { code, modules } = await loadedModules(['decode', '--hex', '-'], toHex(frame));
    expect(code).toBe(0);
    expect(modules).toContain('cli/commands/decode.ts');
    expect(modules).toContain('shared/p3/index.ts');
    expect(heavy(modules)).toEqual([]);
  });

  it('cli lazy loading - `mre appliance start --help` prints the env overrides without loading the appliance', async () => {
    const { code, modules } = await loadedModules(['appliance', 'start', '--help']);
    expect(code).toBe(0);
    expect(modules).toContain('appliance/service/config-env.ts');
    expect(heavy(modules)).toEqual([]);
  });

  it('cli lazy loading - a source is compiled once: the next start reads it from the cache without loading esbuild', async () => {
    const tmp = await makeTempDir('mre-ts-cache');
    defer(() => removeTempDir(tmp));
    const frame = toHex(encodeRecord({ type: 'PASSING', tor: 1, version: 2, passing_number: 9, transponder: 1234, rtc_time_us: 1551548443067000, decoder_id: 268307 }));
    const first = await loadedModules(['decode', '--hex', '-'], frame, { TMPDIR: tmp });
    expect(first.code).toBe(0);
    expect(esbuild(first.modules).length).toBeGreaterThan(0);
    const cache = readdirSync(tmp).map((d) => join(tmp, d));
    expect(cache).toHaveLength(1);
    expect(readdirSync(cache[0]!).length).toBeGreaterThanOrEqual(first.modules.filter((m) => m.endsWith('.ts')).length);
    const second = await loadedModules(['decode', '--hex', '-'], frame, { TMPDIR: tmp });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(esbuild(second.modules)).toEqual([]);
  });
});
