/** @module One GET over undici: connect and total timeouts, compressed bodies, a size cap, failures as `TransportError`. */
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { Agent, errors, request } from 'undici';

/** LiveRC pages are under 500 KB (reference/liverc-site.md §2.1); the track list is the largest. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const DECODERS: Readonly<Record<string, (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Decoded text for 2xx; empty for anything else, whose body is never kept (it may be a challenge page). */
  body: string;
}

/** No usable answer: timeout, refused or reset connection, broken body. */
export class TransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface TransportOptions {
  userAgent: string;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
}

export interface Transport {
  get(url: string, headers: Record<string, string>): Promise<TransportResponse>;
  /** Aborts what is in flight and closes every connection. */
  close(): Promise<void>;
}

function explain(error: unknown, totalTimeoutMs: number, connectTimeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no complete answer within ${totalTimeoutMs} ms`;
  if (error instanceof errors.ConnectTimeoutError) return `no connection within ${connectTimeoutMs} ms`;
  if (error instanceof errors.ResponseExceededMaxSizeError) return `response larger than ${MAX_BODY_BYTES} bytes`;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code}: ${message}` : message;
}

export function createTransport(options: TransportOptions): Transport {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.totalTimeoutMs,
    bodyTimeout: options.totalTimeoutMs,
    maxResponseSize: MAX_BODY_BYTES,
    // Requests to one host are serialised upstream, so one socket per host is all that is used.
    connections: 1,
  });
  const closing = new AbortController();

  async function decode(raw: Buffer, encoding: string | string[] | undefined): Promise<string> {
    let body = raw;
    const codings = (Array.isArray(encoding) ? encoding.join(',') : (encoding ?? '')).split(',').map((c) => c.trim().toLowerCase());
    // Content-Encoding lists codings in the order applied; undo them last first.
    for (const coding of codings.filter((c) => c && c !== 'identity').reverse()) {
      const decoder = DECODERS[coding];
      if (!decoder) throw new TransportError(`unsupported content-encoding ${coding}`);
      body = await decoder(body, { maxOutputLength: MAX_BODY_BYTES });
    }
    return body.toString('utf8');
  }

  return {
    async get(url, headers) {
      const timeout = AbortSignal.timeout(options.totalTimeoutMs);
      const signal = AbortSignal.any([timeout, closing.signal]);
      try {
        const response = await request(url, {
          dispatcher: agent,
          method: 'GET',
          headers: { 'user-agent': options.userAgent, accept: 'text/html,text/plain;q=0.9,*/*;q=0.1', 'accept-encoding': 'gzip, deflate, br', ...headers },
          signal,
        });
        if (response.statusCode < 200 || response.statusCode > 299) {
          await response.body.dump();
          return { status: response.statusCode, headers: response.headers, body: '' };
        }
        const raw = Buffer.from(await response.body.arrayBuffer());
        return { status: response.statusCode, headers: response.headers, body: await decode(raw, response.headers['content-encoding']) };
      } catch (error) {
        if (error instanceof TransportError) throw error;
        if (closing.signal.aborted) throw new TransportError('the connector was closed');
        throw new TransportError(explain(error, options.totalTimeoutMs, options.connectTimeoutMs, timeout.aborted));
      }
    },
    async close() {
      closing.abort();
      await agent.close();
    },
  };
}
