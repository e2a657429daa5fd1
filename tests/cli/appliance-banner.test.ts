/** @module The start-up banner of the real `mre appliance start`: addresses spectators can use, and where the operator PIN came from without printing it to the journal. */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinLine } from '../../cli/commands/appliance-banner.ts';
import { spawnAppliance } from '../appliance/service/appliance-process.ts';
import { makeTempDir, removeTempDir, useCleanups } from '../harness/index.ts';

const defer = useCleanups();

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('mre-banner');
  defer(() => removeTempDir(dir));
  return dir;
}

const start = (env: Record<string, string>) => spawnAppliance(env, defer);

async function stopped(app: Awaited<ReturnType<typeof start>>): Promise<void> {
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
}

describe('cli appliance banner', () => {
  it('cli appliance banner - listening on every interface lists each LAN IPv4 address and localhost, each one answering', async () => {
    const app = await start({ MRE_DATA_DIR: join(await tempDir(), 'data'), MRE_HTTP_HOST: '0.0.0.0', MRE_CONTROL_TOKEN: '246810' });
    const lan = Object.values(networkInterfaces()).flatMap((l) => l ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address);
    const banner = app.output();
    for (const host of [...lan, 'localhost']) {
      expect(banner).toContain(`http://${host}:${app.port}/`);
      expect(banner).toContain(`http://${host}:${app.port}/control/`);
      expect((await fetch(`http://${host}:${app.port}/healthz`)).ok).toBe(true);
    }
    if (lan.length === 0) expect(banner).toContain('no network address yet');
    expect(banner).not.toContain(`http://127.0.0.1:${app.port}/control/`);
    expect(banner).toContain('operator PIN: set by MRE_CONTROL_TOKEN (environment)');
    expect(banner).not.toContain('246810');
    await stopped(app);
  });

  it('cli appliance banner - a PIN made at this start is named by its file, never printed to a journal', async () => {
    const data = join(await tempDir(), 'data');
    const first = await start({ MRE_DATA_DIR: data });
    const file = join(data, 'control-token');
    const pin = readFileSync(file, 'utf8').trim();
    expect(first.output()).toContain(`operator PIN: made at this start, kept in ${file}`);
    expect(first.output()).not.toContain(pin);
    await stopped(first);
    const second = await start({ MRE_DATA_DIR: data });
    expect(second.output()).toContain(`operator PIN: kept in ${file}`);
    expect(second.output()).not.toContain(pin);
    await stopped(second);
  });

  it('cli appliance banner - the PIN line names the config file, and shows a new PIN only on a terminal', () => {
    const made = { token: '73915024', source: 'generated', file: '/var/lib/mre/control-token' } as const;
    expect(pinLine({ control: { token: '555555', source: 'config', file: null }, tokenFromEnv: false, interactive: false })).toBe('set by control.token (config file)');
    expect(pinLine({ control: made, tokenFromEnv: false, interactive: true })).toBe('made at this start: 73915024 (kept in /var/lib/mre/control-token)');
    expect(pinLine({ control: made, tokenFromEnv: false, interactive: false })).not.toContain('73915024');
  });
});
