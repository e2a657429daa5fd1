/** @module One GET over undici: connect and total timeouts, compressed bodies, a size cap, failures as `TransportError`. */
import type { LookupFunction } from 'node:net';
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

/** Why no usable answer came: the job log, the API and the CLI name this, not a robots.txt refusal. */
export type TransportFailure =
  /** The host name does not exist (ENOTFOUND): asking again will not change that. */
  | 'dns'
  /** The resolver could not answer now (EAI_AGAIN). */
  | 'dns_temporary'
  | 'refused'
  | 'timeout'
  /** Reset or dropped connection, broken or oversized body, anything else on the wire. */
  | 'broken'
  /** The caller went away before the answer came. */
  | 'cancelled'
  /** The connector was closed. */
  | 'closed';

/** No usable answer: unresolvable host, refused or reset connection, timeout, broken body. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly failure: TransportFailure = 'broken',
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface TransportOptions {
  userAgent: string;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  /** Where host names resolve; the system resolver unless given (tests aim `*.liverc.test` at loopback). */
  lookup?: LookupFunction;
}

export interface Transport {
  /** `signal` is the caller's: when it aborts, the request is abandoned with a `cancelled` TransportError. */
  get(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<TransportResponse>;
  /** Aborts what is in flight and closes every connection. */
  close(): Promise<void>;
}

function explain(error: unknown, url: string, options: TransportOptions, timedOut: boolean): TransportError {
  const { host, hostname } = new URL(url);
  if (timedOut) return new TransportError(`timed out: no complete answer within ${options.totalTimeoutMs} ms from ${host}`, 'timeout');
  if (error instanceof errors.ConnectTimeoutError) return new TransportError(`timed out: no connection within ${options.connectTimeoutMs} ms to ${host}`, 'timeout');
  if (error instanceof errors.ResponseExceededMaxSizeError) return new TransportError(`response larger than ${MAX_BODY_BYTES} bytes`);
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOTFOUND') return new TransportError(`cannot resolve host ${hostname} (ENOTFOUND: no such name in DNS)`, 'dns');
  if (code === 'EAI_AGAIN') return new TransportError(`cannot resolve host ${hostname} (EAI_AGAIN: DNS did not answer)`, 'dns_temporary');
  if (code === 'ECONNREFUSED') return new TransportError(`connection refused by ${host} (ECONNREFUSED)`, 'refused');
  return new TransportError(typeof code === 'string' ? `${code}: ${message}` : message);
}

export function createTransport(options: TransportOptions): Transport {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs, ...(options.lookup ? { lookup: options.lookup } : {}) },
    headersTimeout: options.totalTimeoutMs,
    bodyTimeout: options.totalTimeoutMs,
    maxResponseSize: MAX_BODY_BYTES,
    // Requests to LiveRC are serialised upstream, so one socket per host is all that is used.
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
    async get(url, headers, caller) {
      const timeout = AbortSignal.timeout(options.totalTimeoutMs);
      const signal = AbortSignal.any(caller ? [timeout, closing.signal, caller] : [timeout, closing.signal]);
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
        if (closing.signal.aborted) throw new TransportError('the connector was closed', 'closed');
        if (caller?.aborted) throw new TransportError('the caller went away before the answer came', 'cancelled');
        throw explain(error, url, options, timeout.aborted);
      }
    },
    async close() {
      closing.abort();
      await agent.close();
    },
  };
}
