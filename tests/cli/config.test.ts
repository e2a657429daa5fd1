/** @module Configuration mistakes through the real `mre appliance start`: ranges named, decoder sources checked before disk, each problem said once. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMre } from '../support/run-mre.ts';

const dir = mkdtempSync(join(tmpdir(), 'mre-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, config: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

// A failing config must never reach the point of listening; the timeout only keeps a regression from hanging the suite.
const start = (args: string[], env: Record<string, string> = {}) => runMre(['appliance', 'start', ...args], { env, timeoutMs: 20_000 });

describe('cli config', () => {
  it('cli config - an out-of-range number names the range and the value given', async () => {
    const result = await start(['--config', configFile('port.json', { http: { port: 70000 }, decoder: { idle_timeout_ms: 5 } })]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('http.port: expected a whole number from 0 to 65535, got 70000');
    expect(result.stderr).toContain('decoder.idle_timeout_ms: expected a whole number of at least 1000, got 5');
    const fromEnv = await start([], { MRE_HTTP_PORT: 'eighty' });
    expect(fromEnv.stderr).toContain('http.port: expected a whole number from 0 to 65535, got eighty (from MRE_HTTP_PORT)');
  });

  it('cli config - a bad decoder.source exits 2 naming it, before the data directory is created', async () => {
    for (const source of ['tcp://', 'ftp://x', 'tcp://10.0.0.5:99999', 'ttyUSB0', 'simulator,tcp://10.0.0.5']) {
      const data = join(dir, `data-${source.replace(/\W/g, '_')}`);
      const result = await start([], { MRE_DATA_DIR: data, MRE_DECODER_SOURCE: source, MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: '0' });
      expect(result.code, source).toBe(2);
      expect(result.stderr, source).toMatch(/decoder\.source: .*\(from MRE_DECODER_SOURCE\)/);
      expect(existsSync(data), source).toBe(false);
    }
  });

  it('cli config - every problem is printed once, on the one line that gives the reason', async () => {
    const result = await start(['--config', configFile('two.json', { http: { port: -1 }, decoder: { source: 'ftp://x' } })]);
    expect(result.code).toBe(2);
    expect(result.stderr.match(/http\.port/g)).toHaveLength(1);
    expect(result.stderr.match(/decoder\.source/g)).toHaveLength(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^mre appliance start: invalid configuration: /)]);
  });
});
