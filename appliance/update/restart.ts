/** @module Restarting the appliance on the release `current` points at, and waiting until that release answers ready at /healthz. */
import { spawn } from 'node:child_process';

export const DEFAULT_RESTART_CMD = 'systemctl restart mre-appliance.service';
const RESTART_TIMEOUT_MS = 120_000;
const POLL_MS = 200;
const REQUEST_TIMEOUT_MS = 3000;

/** Runs the restart command through sh; resolves to null when it succeeded, else what went wrong. */
export function restartService(command: string, timeoutMs = RESTART_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`"${command}" did not finish within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(`"${command}" could not run: ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(null);
      else resolve(`"${command}" ${signal ? `was killed by ${signal}` : `exited ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`);
    });
  });
}

export type Readiness = { ready: true } | { ready: false; last: string };

/**
 * Polls until /healthz answers 200 from `version`. The version matters: a restart command that
 * returns before the old process has let go of the port would otherwise pass for the new one. A
 * release too old to name its version counts when it answers 200 and `version` is null.
 */
export async function waitReady(url: string, version: string | null, timeoutMs: number): Promise<Readiness> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = (await response.json().catch(() => null)) as { version?: unknown; problem?: unknown } | null;
      const answered = typeof body?.version === 'string' ? body.version : null;
      if (response.status === 200 && (version === null || answered === version)) return { ready: true };
      last = response.status !== 200 ? `${url} answered ${response.status}${typeof body?.problem === 'string' ? ` (${body.problem})` : ''}` : `${url} is answered by version ${answered ?? 'unknown'}, not ${version}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      last = `${url}: ${cause?.code ?? (error as Error).message}`;
    }
    if (Date.now() + POLL_MS > deadline) return { ready: false, last };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
