/** @module `mre appliance start` as a real child process on a free loopback port, for the process suites. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';
import { freePort, waitFor } from './support.ts';

export interface ApplianceProcess {
  child: ChildProcess;
  /** Loopback URL of its HTTP server, whatever http.host it listens on. */
  url: string;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the appliance and resolves once /healthz answers; `onCleanup` gets the kill for the suite's teardown. */
export async function spawnAppliance(env: Record<string, string>, onCleanup: (kill: () => void) => void): Promise<ApplianceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'appliance', 'start'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_LOG_MIN_FREE_BYTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onCleanup(() => void child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  // Each probe is bounded: an accepted connection that never answers must not outlast waitFor's deadline.
  await waitFor('appliance HTTP up', async () => {
    if (child.exitCode !== null) throw new Error(`appliance exited ${child.exitCode}: ${output}`);
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined))?.ok;
  }, 60_000);
  return { child, url, port, output: () => output, exited };
}
