/** @module Freezing a server process (SIGSTOP) for a test, and knowing it is frozen: a signal is only queued when kill() returns, and a busy machine can let the process answer for a moment longer. */
import { readdir, readFile } from 'node:fs/promises';
import { waitFor } from './polling.ts';

/** Every thread of the process stopped: a Go server answers from any of its threads. */
async function allStopped(pid: number): Promise<boolean> {
  const tasks = await readdir(`/proc/${pid}/task`);
  for (const task of tasks) {
    const stat = await readFile(`/proc/${pid}/task/${task}/stat`, 'utf8').catch(() => '');
    // The state follows the parenthesised command name, which may itself hold spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state !== 'T' && state !== 't') return false;
  }
  return tasks.length > 0;
}

/** SIGSTOP, then resolves once every thread of the process has stopped. */
export async function freeze(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  await waitFor(`process ${pid} to stop`, () => allStopped(pid).then((stopped) => stopped || undefined), 10_000);
}

export function thaw(pid: number): void {
  process.kill(pid, 'SIGCONT');
}
