/** @module A real nats-server per test suite: own port, own JetStream store, crash and restart on demand. */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { terminate, trackChild, type TrackedChild } from './child-process.ts';
import { resolveExecutable, waitForReady } from './spawn-ready.ts';
import { makeTempDir, removeTempDir } from './temp-dir.ts';

export interface NatsServerOptions {
  /** Enable JetStream with a store under the temp dir (default true). */
  jetstream?: boolean;
  /** Default: $NATS_SERVER_BIN, else `nats-server` from PATH or /usr/sbin. */
  binary?: string;
  /** Extra command-line arguments, appended after the harness's own. */
  args?: string[];
  /** How long to wait for the ports file (default 15 s). */
  startTimeoutMs?: number;
}

export interface NatsServer {
  url: string;
  port: number;
  /** JetStream store directory; survives kill() and restart(), removed by stop(). */
  storeDir: string;
  /** Pid of the current process; changes after restart(). */
  readonly pid: number;
  /** SIGTERM (SIGKILL after a grace period), then remove the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Signal the server (default SIGKILL) and wait for it to die, keeping the store, to simulate a crash. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same port with the same store; a running server is terminated first. */
  restart(): Promise<void>;
}

const MISSING_HINT = 'install the Debian package nats-server, or set NATS_SERVER_BIN';

/** The server writes `<executable>_<pid>.ports` once its listeners are up; the name prefix varies. */
async function readPortsFile(dir: string, pid: number): Promise<number | undefined> {
  const file = (await readdir(dir)).find((f) => f.endsWith(`_${pid}.ports`));
  if (!file) return undefined;
  // Throws (and is retried by the poller) while the file is still being written.
  const ports = JSON.parse(await readFile(join(dir, file), 'utf8')) as { nats?: string[] };
  const first = ports.nats?.[0];
  if (!first) throw new Error(`ports file ${file} lists no client URL`);
  return Number(new URL(first).port);
}

async function launch(binary: string, args: string[], portsDir: string, timeoutMs: number) {
  const tracked = trackChild(spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  const port = await waitForReady(tracked, {
    name: 'nats-server',
    missingHint: MISSING_HINT,
    timeoutMs,
    poll: async () => (tracked.child.pid === undefined ? undefined : readPortsFile(portsDir, tracked.child.pid)),
  });
  return { tracked, port };
}

/** Starts a nats-server on 127.0.0.1 with an ephemeral port; resolves once it accepts clients. */
export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServer> {
  const binary = resolveExecutable(opts.binary ?? process.env.NATS_SERVER_BIN ?? 'nats-server', ['/usr/sbin']);
  const timeoutMs = opts.startTimeoutMs ?? 15_000;
  const dir = await makeTempDir('nats-harness');
  const storeDir = join(dir, 'store');
  const argsFor = (port: number): string[] => [
    ...['-a', '127.0.0.1', '-p', String(port), '--ports_file_dir', dir],
    ...(opts.jetstream === false ? [] : ['-js', '-sd', storeDir]),
    ...(opts.args ?? []),
  ];

  let current: TrackedChild;
  let port: number;
  try {
    ({ tracked: current, port } = await launch(binary, argsFor(-1), dir, timeoutMs));
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }
  let stopped = false;

  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    get pid() {
      return current.child.pid ?? -1;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(current, 'SIGTERM');
      await removeTempDir(dir);
    },
    async kill(signal = 'SIGKILL') {
      await terminate(current, signal);
    },
    async restart() {
      if (stopped) throw new Error('nats-server restart() called after stop(); its store is gone');
      await terminate(current, 'SIGTERM');
      const next = await launch(binary, argsFor(port), dir, timeoutMs);
      current = next.tracked;
    },
  };
}
