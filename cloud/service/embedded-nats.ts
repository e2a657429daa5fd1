/** @module The cloud's own nats-server, for `mre cloud start` without NATS_URL: started from PATH with its store under the data dir, on loopback, and stopped with the cloud. */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createLogger } from '../../shared/log/index.ts';

const log = createLogger('cloud:nats');
/** What the config's `nats_url` says when none was given: run (or find) the embedded server. */
export const EMBEDDED_NATS = 'embedded';
const START_TIMEOUT_MS = 15_000;
/** No stream or bucket smaller than this, however full the disk: below it the cloud is of no use. */
const MIN_EMBEDDED_BYTES = 16 * 1024 * 1024;

export interface EmbeddedNats {
  url: string;
  pid: number;
  storeDir: string;
  stop(): Promise<void>;
}

/** nats-server from NATS_SERVER_BIN, PATH or /usr/sbin (where Debian's package puts it). */
function findNatsServer(env: NodeJS.ProcessEnv): string {
  if (env.NATS_SERVER_BIN) return env.NATS_SERVER_BIN;
  for (const dir of [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']) {
    if (!dir) continue;
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  throw new Error('no NATS_URL given and no nats-server on PATH to start one: install it (Debian: apt-get install nats-server) or set NATS_URL to a running server with JetStream');
}

const urlFile = (dataDir: string) => join(dataDir, 'nats', 'url');
const pidFile = (dataDir: string) => join(dataDir, 'nats', 'pid');

/**
 * A cloud killed with -9 leaves its server running (it has its own process group); the next
 * start stops that one first, but only if it is a nats-server over this very store.
 */
function stopOrphan(dataDir: string, storeDir: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim());
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline.some((arg) => arg.endsWith('nats-server')) || !cmdline.includes(storeDir)) return;
  } catch {
    return;
  }
  log.warn('stopping the embedded nats-server a killed cloud left running', { pid, store_dir: storeDir });
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + 5_000;
  // Synchronous on purpose: nothing else may use the store until it is free.
  while (Date.now() < until && existsSync(`/proc/${pid}`)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

/** The URL the embedded server of a running `mre cloud start` over `dataDir` listens on, if any. */
export function embeddedNatsUrl(dataDir: string): string | undefined {
  try {
    return readFileSync(urlFile(dataDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function waitForPort(child: ChildProcess, portsDir: string, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`nats-server exited at start (${signal ?? `code ${code}`}): ${output().trim().split('\n').slice(-3).join(' | ')}`));
    child.once('exit', onExit);
    child.once('error', (error) => reject(new Error(`cannot start nats-server: ${error.message}`)));
    const poll = setInterval(() => {
      const file = readdirSync(portsDir).find((f) => f.endsWith(`_${child.pid}.ports`));
      if (file) {
        try {
          const first = (JSON.parse(readFileSync(join(portsDir, file), 'utf8')) as { nats?: string[] }).nats?.[0];
          if (first) {
            clearInterval(poll);
            child.off('exit', onExit);
            return resolve(Number(new URL(first).port));
          }
        } catch {
          // Still being written.
        }
      }
      if (Date.now() - started > START_TIMEOUT_MS) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`nats-server did not come up within ${START_TIMEOUT_MS / 1000} s: ${output().trim().split('\n').slice(-3).join(' | ')}`));
      }
    }, 50);
  });
}

/**
 * Starts nats-server with JetStream, its store in `<dataDir>/nats/store`, on 127.0.0.1 and a
 * free port, and records its URL in `<dataDir>/nats/url` so `mre cloud provision` and
 * `mre cloud token revoke` find it. Never touches a server the cloud was not pointed at.
 */
export async function startEmbeddedNats(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedNats> {
  const binary = findNatsServer(env);
  const base = join(dataDir, 'nats');
  const storeDir = join(base, 'store');
  const portsDir = join(base, 'run');
  mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  rmSync(portsDir, { recursive: true, force: true });
  mkdirSync(portsDir, { recursive: true });
  stopOrphan(dataDir, storeDir);
  // Its own process group: Ctrl-C or a unit's stop signal reach the cloud, which drains its NATS connections and then stops the server.
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', '-1', '-js', '-sd', storeDir, '--ports_file_dir', portsDir, '-n', 'mre-cloud-embedded'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4096));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const port = await waitForPort(child, portsDir, () => output);
  const url = `nats://127.0.0.1:${port}`;
  writeFileSync(urlFile(dataDir), `${url}\n`);
  log.info('embedded nats-server started', { url, pid: child.pid, store_dir: storeDir });
  writeFileSync(pidFile(dataDir), `${child.pid}\n`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (stopping) log.info('embedded nats-server stopped', { code, signal });
    else log.error('embedded nats-server exited: the cloud has no NATS until it is restarted', { code, signal, output: output.trim().split('\n').slice(-3).join(' | ') });
  });
  let stopping = false;
  return {
    url,
    pid: child.pid!,
    storeDir,
    async stop() {
      if (stopping) return exited;
      stopping = true;
      rmSync(urlFile(dataDir), { force: true });
      rmSync(pidFile(dataDir), { force: true });
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The production defaults reserve 170 GiB of streams, more than a laptop or a small VM has
 * free, and JetStream refuses a stream it cannot reserve. On the embedded server every
 * `max_bytes` under `streams` is scaled down together, so all of them fit in half the free
 * space of the store's disk. Returns the scale used (1 when they already fit).
 */
export function fitStreamsToDisk(streams: object, storeDir: string): number {
  const sizes: { holder: Record<string, unknown>; bytes: number }[] = [];
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const holder = node as Record<string, unknown>;
    if (typeof holder.max_bytes === 'number') sizes.push({ holder, bytes: holder.max_bytes });
    for (const value of Object.values(holder)) walk(value);
  };
  walk(streams);
  const { bavail, bsize } = statfsSync(storeDir);
  const budget = (bavail * bsize) / 2;
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  if (total <= budget) return 1;
  const scale = budget / total;
  // A power of two, so the next start, with a little more or less free space, asks for the same sizes.
  for (const { holder, bytes } of sizes) holder.max_bytes = Math.max(MIN_EMBEDDED_BYTES, 2 ** Math.floor(Math.log2(bytes * scale)));
  return scale;
}
