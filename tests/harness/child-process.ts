/** @module Child process plumbing for the harness: output excerpts, exit waiting, TERM-then-KILL stops, and no orphans. */
import type { ChildProcess } from 'node:child_process';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TrackedChild {
  child: ChildProcess;
  /** Settles once the process has exited and its stdio has closed. */
  exited: Promise<ExitInfo>;
  /** What the process wrote to stdout and stderr (interleaved): all of it, or its first and last lines. */
  output(): string;
  /** True until the process has exited. */
  running(): boolean;
}

const HEAD_LINES = 3;
const TAIL_LINES = 20;

function excerpt(head: string[] | undefined, lines: string[]): string {
  if (!head && lines.length <= HEAD_LINES + TAIL_LINES) return lines.join('\n');
  const first = head ?? lines.slice(0, HEAD_LINES);
  return [...first, '[...]', ...lines.slice(-TAIL_LINES)].join('\n');
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that forgets to stop a server must not leave it running after the worker exits.
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Starts collecting output and exit status of a freshly spawned child. */
export function trackChild(child: ChildProcess): TrackedChild {
  installExitHook();
  live.add(child);
  let text = '';
  let head: string[] | undefined;
  const collect = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    // Bounded for long-running servers. The head is kept because a bad flag is reported on the
    // first line, followed by the whole usage text.
    if (text.length > 65_536) {
      head ??= text.split('\n').slice(0, HEAD_LINES);
      text = text.slice(-16_384);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Spawn failures are reported by the starters; without a listener they would crash the worker.
  child.on('error', () => {});
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    child,
    exited,
    output: () => excerpt(head, text.trimEnd().split('\n')),
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Sends `signal` and waits for exit; escalates to SIGKILL if the process outlives `graceMs`. */
export async function terminate(
  tracked: TrackedChild,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5_000,
): Promise<ExitInfo> {
  if (!tracked.running()) return tracked.exited;
  tracked.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<'overdue'>((resolve) => {
    timer = setTimeout(() => resolve('overdue'), graceMs);
  });
  try {
    const first = await Promise.race([tracked.exited, overdue]);
    if (first === 'overdue') tracked.child.kill('SIGKILL');
    return await tracked.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Describes how a process ended, for error messages. */
export function exitDescription({ code, signal }: ExitInfo): string {
  return signal ? `killed by signal ${signal}` : `exit code ${code}`;
}
