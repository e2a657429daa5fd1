/** @module Runs the real `mre` command as a child process and collects its exit code and output. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './shared-fixtures.ts';

export interface MreResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runMre(args: string[], options: { input?: string | Uint8Array; viaNpx?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<MreResult> {
  const [command, argv] = options.viaNpx ? ['npx', ['--no-install', 'mre', ...args]] : [process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), ...args]];
  const child = spawn(command, argv, { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}
