/** @module Runs the real `mre` command as a child process and collects its exit code and output. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './shared-fixtures.ts';

export interface MreResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command was still running after `timeoutMs` and was killed. */
  timedOut?: boolean;
}

export interface RunMreOptions {
  input?: string | Uint8Array;
  viaNpx?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Kill the command (SIGKILL) if it has not exited by then: a command that should fail must not hang the suite. */
  timeoutMs?: number;
  /** Run as another user (root only), e.g. `nobody`, through setpriv. */
  asUser?: string;
}

export function runMre(args: string[], options: RunMreOptions = {}): Promise<MreResult> {
  let [command, argv] = options.viaNpx ? ['npx', ['--no-install', 'mre', ...args]] : [process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), ...args]];
  if (options.asUser) [command, argv] = ['setpriv', [`--reuid=${options.asUser}`, `--regid=${options.asUser === 'nobody' ? 'nogroup' : options.asUser}`, '--clear-groups', command, ...argv]];
  const child = spawn(command, argv, { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  let timedOut = false;
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
  });
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}
