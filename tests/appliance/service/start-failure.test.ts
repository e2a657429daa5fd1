/** @module `mre appliance start` failing at start-up, as a real process: it says why, exits non-zero and lets go of the data directory. */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, useCleanups } from '../../harness/index.ts';
import { runMre } from '../../support/run-mre.ts';
import { spawnAppliance } from './appliance-process.ts';

const defer = useCleanups();

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('mre-start');
  defer(() => removeTempDir(dir));
  return dir;
}

/** A loopback port some other program already listens on. */
async function takenPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  defer(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

const isRoot = process.getuid?.() === 0;
// Without the fix the process prints the error and then never exits; a minute is far beyond a
// failed start even on a loaded machine, and the tests get room for it and a second start.
const start = (env: Record<string, string>, asUser?: string) =>
  runMre(['appliance', 'start'], { env: { MRE_HTTP_HOST: '127.0.0.1', MRE_LOG_MIN_FREE_BYTES: '0', ...env }, timeoutMs: 60_000, ...(asUser ? { asUser } : {}) });
const SLOW = 120_000;

/** A start that fails for `env`, saying each of `says`; then a normal start on the same data dir. */
async function failsThenStartsAgain(env: Record<string, string>, says: string[]): Promise<void> {
  const data = join(await tempDir(), 'data');
  const failed = await start({ MRE_DATA_DIR: data, ...env });
  expect(failed.timedOut).toBeUndefined();
  expect(failed.code).toBe(1);
  for (const text of says) expect(failed.stderr).toContain(text);
  // The log and engine store were closed: a second start gets their locks straight away.
  const app = await spawnAppliance({ MRE_DATA_DIR: data }, defer);
  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
}

describe('appliance start-up failures', () => {
  it('appliance start-up - a taken HTTP port exits 1 naming it, and the same data dir starts again at once', async () => {
    const port = await takenPort();
    await failsThenStartsAgain({ MRE_HTTP_PORT: String(port) }, [`cannot listen on 127.0.0.1:${port}`, 'EADDRINUSE']);
  }, SLOW);

  it('appliance start-up - an http.host the box does not have exits 1 instead of hanging', async () => {
    // 192.0.2.0/24 is documentation space (RFC 5737): no interface here holds 192.0.2.250.
    await failsThenStartsAgain({ MRE_HTTP_HOST: '192.0.2.250', MRE_HTTP_PORT: '0' }, ['cannot listen on 192.0.2.250:0']);
  }, SLOW);

  it('appliance start-up - a file where the data directory should be is named, with ENOTDIR', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'data'), 'not a directory');
    const failed = await start({ MRE_DATA_DIR: join(dir, 'data', 'appliance'), MRE_HTTP_PORT: '0' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${join(dir, 'data')} is a file, not a directory (ENOTDIR)`);
    expect(failed.stderr).not.toContain('Database failed to open');
  });

  it('appliance replay - a file where the data directory should be is named, with ENOTDIR', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'data'), 'not a directory');
    const failed = await runMre(['appliance', 'replay'], { env: { MRE_DATA_DIR: join(dir, 'data', 'appliance') }, timeoutMs: 60_000 });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${join(dir, 'data')} is a file, not a directory (ENOTDIR)`);
    expect(failed.stderr).not.toContain('Database failed to open');
  });

  // Mounting a read-only tmpfs needs root, as the suite has here and in CI.
  it('appliance start-up - a data directory on a read-only filesystem is named, with EROFS', async () => {
    const mount = join(await tempDir(), 'ro');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]);
    defer(() => void execFileSync('umount', [mount]));
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const failed = await start({ MRE_DATA_DIR: join(mount, 'data'), MRE_HTTP_PORT: '0' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${mount} is on a read-only filesystem (EROFS)`);
    expect(existsSync(join(mount, 'data'))).toBe(false);
  });

  it('appliance start-up - a data directory the service user may not write is named, with EACCES', async () => {
    const dir = await tempDir();
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o555);
    // As root every write succeeds, so the appliance runs as nobody, as a service user would.
    const failed = await start({ MRE_DATA_DIR: join(locked, 'data'), MRE_HTTP_PORT: '0' }, isRoot ? 'nobody' : undefined);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`no permission to write in ${locked} (EACCES)`);
  });
});
