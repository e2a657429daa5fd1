/**
 * @module A batch body read with a ceiling that stops reading: bytes are counted as they arrive,
 * and past the ceiling the request stream is paused and let go, never drained. A refusal sent
 * before the body ended closes the connection, so whatever the client still sends stays in the
 * kernel's buffers until the socket goes, and memory never follows a hostile body.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.incoming;
}

/** True when the request still has body bytes nobody read: an answer now must close the connection. */
export function bodyUnread(c: Context): boolean {
  const incoming = incomingOf(c);
  if (incoming) return !incoming.readableEnded && (incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0);
  return c.req.raw.body !== null && !c.req.raw.bodyUsed;
}

/** Headers for an answer sent before the body ended: Node then closes the socket once the answer is out, rather than reading on. */
export const CLOSE_CONNECTION = { Connection: 'close' } as const;

export async function readLimitedBody(c: Context, limit: number): Promise<BodyRead> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > limit) return { ok: false, reason: 'too_large' };
  const incoming = incomingOf(c);
  return incoming ? readNode(incoming, limit) : readWeb(c.req.raw, limit);
}

function readNode(incoming: IncomingMessage, limit: number): Promise<BodyRead> {
  if (incoming.readableEnded) return Promise.resolve({ ok: true, body: Buffer.alloc(0) });
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onAbort);
      incoming.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      incoming.pause();
      chunks = [];
      done({ ok: false, reason: 'too_large' });
    };
    const onEnd = () => done({ ok: true, body: Buffer.concat(chunks, size) });
    const onAbort = () => done({ ok: false, reason: 'aborted' });
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onAbort);
    incoming.on('close', onAbort);
  });
}

/** For in-process requests (`app.request()`), which have no Node stream. */
async function readWeb(request: Request, limit: number): Promise<BodyRead> {
  if (!request.body) return { ok: true, body: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { ok: true, body: Buffer.concat(chunks, size) };
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(Buffer.from(value));
  }
}
