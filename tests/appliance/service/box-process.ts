/** @module The appliance as a real `mre appliance start` process for the door tests, and raw HTTP to it from chosen loopback addresses (127.0.0.x stand in for devices on the LAN). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { freePort, makeTempDir, removeTempDir, waitFor } from '../../harness/index.ts';
import { REPO_ROOT } from '../../support/shared-fixtures.ts';

export const PIN = '73915024';

export interface BoxProcess {
  child: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  output: () => string;
  exited: Promise<number | null>;
  /** The process's resident memory now, from /proc. */
  rssBytes(): number;
}

export async function spawnBox(defer: (fn: () => unknown) => void, env: Record<string, string> = {}): Promise<BoxProcess> {
  const dataDir = await makeTempDir('mre-doors');
  defer(() => removeTempDir(dataDir));
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'mre.mjs'), 'appliance', 'start'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MRE_DATA_DIR: dataDir, MRE_HTTP_HOST: '127.0.0.1', MRE_HTTP_PORT: String(port), MRE_LOG_MIN_FREE_BYTES: '0', MRE_CONTROL_TOKEN: PIN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  defer(() => void child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('appliance HTTP up', async () => {
    if (child.exitCode !== null) throw new Error(`appliance exited ${child.exitCode}: ${output}`);
    return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok;
  }, 30_000);
  const rssBytes = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024;
  return { child, port, url, dataDir, output: () => output, exited, rssBytes };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** One request over a fresh connection from `from` (a 127.0.0.x address), with any Host header. */
export function request(port: number, options: { method?: string; path: string; from?: string; host?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        localAddress: options.from ?? '127.0.0.1',
        agent: false,
        headers: { ...(options.host ? { host: options.host } : {}), ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error(`the answer to ${options.path} was cut off after ${text.length} characters`));
        });
        res.on('end', () => {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${options.method ?? 'GET'} ${options.path} within 30 s`)));
    req.end(options.body);
  });
}

/** POST /api/control/<intent> from `from` with `pin` as the bearer token. */
export function postIntent(port: number, intent: string, args: unknown, pin: string, from?: string): Promise<Answer> {
  return request(port, { method: 'POST', path: `/api/control/${intent}`, from, headers: { authorization: `Bearer ${pin}` }, body: JSON.stringify(args) });
}

/**
 * Sends `head` then `bodyBytes` of body in 64 KiB writes (as chunked encoding when `chunked`), reading
 * the answer while it sends, over one raw socket; resolves with the status line, the answer's body and
 * how much was sent by the time the answer came.
 */
export interface Streamed {
  statusLine: string;
  body: string;
  sentWhenAnswered: number;
  /** Settles once every byte of the body has been handed to the socket, or the box closed the connection. */
  sendEnded: Promise<void>;
  socket: net.Socket;
}

export function streamBody(port: number, head: string, bodyBytes: number, chunked: boolean): Promise<Streamed> {
  let ended!: () => void;
  const sendEnded = new Promise<void>((resolve) => (ended = resolve));
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
    let sent = 0;
    let sentWhenAnswered = -1;
    let received = '';
    socket.setEncoding('latin1');
    // After its answer the box may stop reading and close (EPIPE, ECONNRESET): the send has ended.
    socket.on('error', (error) => (sentWhenAnswered < 0 ? reject(error) : ended()));
    socket.on('close', () => ended());
    socket.on('data', (d: string) => {
      if (sentWhenAnswered < 0) sentWhenAnswered = sent;
      received += d;
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(received.slice(0, end))?.[1] ?? 0);
      if (received.length - end - 4 < length) return;
      socket.removeAllListeners('data');
      resolve({ statusLine: received.slice(0, received.indexOf('\r\n')), body: received.slice(end + 4, end + 4 + length), sentWhenAnswered, sendEnded, socket });
    });
    const pump = () => {
      while (sent < bodyBytes) {
        sent += chunk.length;
        if (socket.destroyed) return;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      socket.write(chunked ? '0\r\n\r\n' : '', () => ended());
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}
