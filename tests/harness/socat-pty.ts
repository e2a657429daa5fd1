/** @module A linked pseudo-terminal pair from socat, standing in for a serial cable to a decoder. */
import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { terminate, trackChild } from './child-process.ts';
import { resolveExecutable, waitForReady } from './spawn-ready.ts';
import { makeTempDir, removeTempDir } from './temp-dir.ts';

export interface PtyPairOptions {
  /** Default: $SOCAT_BIN, else `socat` from PATH. */
  binary?: string;
  startTimeoutMs?: number;
}

export interface PtyPair {
  /** Device path (/dev/pts/N) of one end; bytes written here are read from `b`. */
  a: string;
  /** Device path of the other end. */
  b: string;
  /** Orderly shutdown of socat. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL socat, so both ends hang up at once, like a pulled cable. */
  kill(): Promise<void>;
}

/** Spawns socat joining two raw, non-echoing ptys; resolves once both device paths exist. */
export async function openPtyPair(opts: PtyPairOptions = {}): Promise<PtyPair> {
  const binary = resolveExecutable(opts.binary ?? process.env.SOCAT_BIN ?? 'socat');
  const dir = await makeTempDir('socat-harness');
  const linkA = join(dir, 'a');
  const linkB = join(dir, 'b');
  const tracked = trackChild(
    spawn(binary, ['-d', '-d', `pty,raw,echo=0,link=${linkA}`, `pty,raw,echo=0,link=${linkB}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let ends: [string, string];
  try {
    // socat creates each link right after opening its pty, so both links mean both ends are usable.
    ends = await waitForReady(tracked, {
      name: 'socat',
      missingHint: 'install the Debian package socat, or set SOCAT_BIN',
      timeoutMs: opts.startTimeoutMs ?? 10_000,
      poll: async () => [await realpath(linkA), await realpath(linkB)] as [string, string],
    });
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }

  let done = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (done) return;
    done = true;
    await terminate(tracked, signal);
    await removeTempDir(dir);
  };
  return {
    a: ends[0],
    b: ends[1],
    stop: () => shutdown('SIGTERM'),
    kill: () => shutdown('SIGKILL'),
  };
}
