/**
 * @module Request bodies read with a ceiling: a declared Content-Length over it is refused before a byte
 * is read, and a chunked (or any) body is counted while it arrives and refused the moment it passes the
 * ceiling. What is left of a refused body is read and thrown away, never kept, so the box's memory does
 * not grow with what a client sends, and the 413 reaches a client that is still sending.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { IncomingMessage } from 'node:http';

/** A body larger than the route takes: answered 413 naming the limit. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body is larger than ${formatBytes(limit)}, the most this route takes`);
    this.name = 'BodyTooLarge';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB (${bytes} bytes)`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB (${bytes} bytes)`;
  return `${bytes} bytes`;
}

export function bodyTooLargeResponse(c: Context, error: BodyTooLarge): Response {
  return c.json({ error: error.message, limit_bytes: error.limit }, 413);
}

function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.incoming;
}

/** Lets the rest of a refused body flow past unkept, so the connection can answer and carry on. */
function discardRest(c: Context): void {
  const incoming = incomingOf(c);
  if (incoming && !incoming.readableEnded) {
    incoming.removeAllListeners('data');
    incoming.resume();
  }
}

function declaredTooLarge(c: Context, limit: number): boolean {
  const declared = c.req.header('content-length');
  return declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > limit;
}

/** The body as UTF-8 text, or BodyTooLarge once more than `limit` bytes have arrived. */
export async function readBodyText(c: Context, limit: number): Promise<string> {
  if (declaredTooLarge(c, limit)) {
    discardRest(c);
    throw new BodyTooLarge(limit);
  }
  const incoming = incomingOf(c);
  // Read from the Node stream itself: cancelling a web stream made from it would destroy the socket before the 413 is sent.
  const chunks = incoming ? await readNode(incoming, limit) : await readWeb(c.req.raw, limit);
  if (chunks === null) {
    discardRest(c);
    throw new BodyTooLarge(limit);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readNode(incoming: IncomingMessage, limit: number): Promise<Buffer[] | null> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      cleanup();
      chunks = [];
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client closed the connection before the body was complete'));
    };
    if (incoming.readableEnded) return resolve([]);
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

async function readWeb(request: Request, limit: number): Promise<Buffer[] | null> {
  if (!request.body) return [];
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(value));
  }
}

/** For routes that never read a body: a declared one over `limit` is refused at once; an undeclared one is never read (Node discards it). */
export function declaredBodyLimit(limit: number): MiddlewareHandler {
  return async (c, next) => {
    if (!declaredTooLarge(c, limit)) return next();
    discardRest(c);
    return bodyTooLargeResponse(c, new BodyTooLarge(limit));
  };
}
