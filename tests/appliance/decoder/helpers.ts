/** @module Shared pieces for the decoder link suites: a loopback TCP "decoder" that speaks real P3 bytes, log capture, polling. */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { configureLogging, type LogConfig } from '../../../shared/log/index.ts';
import { decodeAll, encodeRecord, TOR, type DecodedFrame, type P3Record } from '../../../shared/p3/index.ts';
import type { DecoderLink, DecoderLinkOptions } from '../../../appliance/decoder/index.ts';
import { createDecoderLink } from '../../../appliance/decoder/index.ts';
import { terminate, trackChild, waitFor } from '../../harness/index.ts';

export const DECODER_ID = 0x00041813;

export function passing(n: number): Uint8Array {
  return encodeRecord({
    type: 'PASSING', tor: TOR.PASSING, version: 2, passing_number: n, transponder: 1_000_000 + n,
    rtc_time_us: 1_700_000_000_000_000 + n * 1000, strength: 120, hits: 30, flags: 0, decoder_id: DECODER_ID,
  });
}

export function statusRecord(decoderId = DECODER_ID): Uint8Array {
  return encodeRecord({ type: 'STATUS', tor: TOR.STATUS, version: 2, noise: 20, temperature: 25, decoder_id: decoderId });
}

export function concat(...parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

export interface DecoderServer {
  port: number;
  /** Every socket accepted, in order. */
  sockets: net.Socket[];
  /** Bytes each socket sent to us (the link's requests). */
  received: Buffer[];
  requests(index: number): DecodedFrame[];
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 standing in for a decoder; `onConnection` plays the decoder's part. */
export async function startDecoderServer(
  onConnection: (socket: net.Socket, index: number) => void = () => undefined,
  port = 0,
): Promise<DecoderServer> {
  const sockets: net.Socket[] = [];
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    const index = sockets.push(socket) - 1;
    received[index] = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => (received[index] = Buffer.concat([received[index]!, chunk])));
    socket.on('error', () => undefined);
    onConnection(socket, index);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  let closed = false;
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    received,
    requests: (index) => decodeAll(received[index] ?? Buffer.alloc(0)).good,
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `bytes` and waits until they left this process, so the next write is a separate TCP segment. */
export async function writeApart(socket: net.Socket, bytes: Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Polls until `check` holds; fails with `what` and the last value seen. Bounds a wait, asserts no duration. */
export async function waitUntil<T>(what: string, probe: () => T, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  let last: T | undefined;
  try {
    const found = await waitFor(what, () => {
      last = probe();
      return check(last) ? { value: last } : undefined;
    }, timeoutMs);
    return found.value;
  } catch {
    throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Captures every log line written while a test runs; `restore` puts the previous settings back. */
export function captureLogs(changes: Partial<LogConfig> = {}): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const previous = configureLogging({ level: 'info', debug: [], ...changes, write: (line) => lines.push(line) });
  return { lines, restore: () => void configureLogging(previous) };
}

/** A link with test-sized timings; the caller stops it in a cleanup. */
export function testLink(source: string, options: Partial<DecoderLinkOptions> = {}): DecoderLink {
  return createDecoderLink({ source, idleTimeoutMs: 5000, maxBackoffMs: 40, connectTimeoutMs: 2000, ...options });
}

/**
 * A port where TCP connects hang, as to a decoder behind a dead switch: a listener with a one-slot
 * accept queue in a stopped process, its queue filled by two idle connections, so the kernel drops
 * every further SYN.
 */
export async function startStalledListener(): Promise<{ port: number; close(): Promise<void> }> {
  const script = "const s=require('net').createServer().listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port))";
  const tracked = trackChild(spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
  const port = await new Promise<number>((resolve, reject) => {
    tracked.child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    void tracked.exited.then(() => reject(new Error(`stalled listener exited early: ${tracked.output()}`)));
  });
  tracked.child.kill('SIGSTOP');
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const filler = net.connect({ host: '127.0.0.1', port });
    fillers.push(filler.on('error', () => undefined));
    await new Promise((resolve) => filler.once('connect', resolve));
  }
  return {
    port,
    async close() {
      for (const filler of fillers) filler.destroy();
      await terminate(tracked, 'SIGKILL');
    },
  };
}

type Defer = (cleanup: () => unknown) => void;

/** A loopback decoder server that `defer` closes after the test. */
export async function serveDecoder(defer: Defer, ...args: Parameters<typeof startDecoderServer>): Promise<DecoderServer> {
  const server = await startDecoderServer(...args);
  defer(() => server.close());
  return server;
}

/** A test link on `source` that `defer` stops, with every record it delivers collected in order. */
export function collectingLink(defer: Defer, source: string, options: Partial<DecoderLinkOptions> = {}): { link: DecoderLink; records: P3Record[] } {
  const link = testLink(source, options);
  defer(() => link.stop());
  const records: P3Record[] = [];
  link.on('record', (d) => records.push(d.record));
  return { link, records };
}
