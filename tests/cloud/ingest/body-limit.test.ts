/** @module Batch bodies past 1 MiB over real HTTP: the cloud answers 413 and stops reading, so a client trying to send 512 MiB gets only a few MiB into the kernel's buffers before the connection closes; an unauthenticated body is not read at all. */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../../cloud/ingest/token.ts';
import { INGEST_BATCH_PATH } from '../../../shared/contracts/ingest.ts';
import { CLIENT, type IngestStack, startIngestStack, storedEnvelopes, TEST_SECRET, TRACK } from './support.ts';

const MiB = 1024 * 1024;
const WOULD_BE = 512 * MiB;
/** Socket buffers on both ends of a loopback connection hold a few MiB; a server that read on would take far more. */
const READ_BOUND = 32 * MiB;

let stack: IngestStack;
const token = issueToken(Buffer.from(TEST_SECRET), { track_id: TRACK, client_id: CLIENT }).token;

beforeAll(async () => {
  stack = await startIngestStack('ingest-body-test');
});
afterAll(() => stack?.stop());

interface Streamed {
  status: number;
  body: Record<string, unknown>;
  connection: string | undefined;
  /** Bytes the socket took before the server closed the connection (or all of them, had it read on). */
  written: number;
}

/**
 * Streams up to `total` body bytes over a raw socket, ignoring the answer: only the server
 * closing the connection stops it (an HTTP client library would stop writing once answered,
 * and hide whether the server read on).
 */
function streamBatch(headers: Record<string, string>, total: number): Promise<Streamed> {
  const { hostname, port } = new URL(stack.cloud.url);
  const chunked = headers['transfer-encoding'] === 'chunked';
  const head = [`POST ${INGEST_BATCH_PATH} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Content-Type: application/json', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  const data = Buffer.alloc(64 * 1024, 0x20);
  const chunk = chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]) : data;
  return new Promise((resolve, reject) => {
    const socket = createConnection(Number(port), hostname);
    let written = 0;
    let received = '';
    socket.setEncoding('latin1').on('data', (text: string) => (received += text));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const split = received.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`connection closed after ${written} bytes without an answer`));
      const headLines = received.slice(0, split).split('\r\n');
      const header = (name: string) => headLines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
      const length = Number(header('content-length') ?? 0);
      resolve({ status: Number(headLines[0]!.split(' ')[1]), body: JSON.parse(received.slice(split + 4, split + 4 + length)) as Record<string, unknown>, connection: header('connection'), written });
    });
    const pump = () => {
      while (written < total && !socket.destroyed) {
        written += data.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      // Everything went out: the server read it all, which the assertions then catch. End so it can answer.
      if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '');
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
  });
}

describe('ingest body limit', () => {
  it('ingest body limit - a 512 MiB chunked body is refused 413 and the server stops reading it; nothing is stored and the next batch is served', async () => {
    const before = await storedEnvelopes(stack.nc);
    const answer = await streamBatch({ authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' }, WOULD_BE);
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ error: 'the batch body is larger than 1 MiB (1048576 bytes), the most one batch may be' });
    expect(answer.connection).toBe('close');
    expect(answer.written).toBeLessThan(READ_BOUND);
    expect(await storedEnvelopes(stack.nc)).toBe(before);
    const after = await fetch(`${stack.cloud.url}/healthz`);
    expect(after.status).toBe(200);
  }, 60_000);

  it('ingest body limit - a declared Content-Length over 1 MiB is refused before any of it is read', async () => {
    const answer = await streamBatch({ authorization: `Bearer ${token}`, 'content-length': String(WOULD_BE) }, WOULD_BE);
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe('close');
    expect(answer.written).toBeLessThan(READ_BOUND);
  }, 60_000);

  it('ingest body limit - without a token the body is not read: 401, the connection closed', async () => {
    const answer = await streamBatch({ 'transfer-encoding': 'chunked' }, WOULD_BE);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatch(/^missing Authorization header/);
    expect(answer.connection).toBe('close');
    expect(answer.written).toBeLessThan(READ_BOUND);
  }, 60_000);
});
