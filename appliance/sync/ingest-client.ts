/** @module The sync loop's HTTP side: one keep-alive undici Pool to the cloud, a batch POSTed with the bearer token under connect, header and body timeouts, the answer read with a ceiling. */
import { errors, Pool } from 'undici';
import { classifyAnswer, type SendOutcome } from './answer.ts';
import type { IngestTarget } from './cloud-url.ts';

/** The ingest API's answers are a few hundred bytes; anything far larger is not it. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface IngestClientOptions {
  target: IngestTarget;
  token: string;
  timeoutMs: number;
  userAgent: string;
}

export class IngestClient {
  private readonly pool: Pool;
  private readonly url: string;

  constructor(private readonly options: IngestClientOptions) {
    this.url = `${options.target.origin}${options.target.path}`;
    this.pool = new Pool(options.target.origin, {
      // One request in flight per box: the socket is kept between batches, never a second opened.
      connections: 1,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      maxResponseSize: MAX_ANSWER_BYTES,
    });
  }

  /** POSTs one batch body (`{"envelopes":[…]}`); never throws except when `signal` aborts. */
  async send(body: string, signal: AbortSignal): Promise<SendOutcome> {
    const { token, target, userAgent } = this.options;
    try {
      const response = await this.pool.request({
        path: target.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'user-agent': userAgent },
        body,
        signal,
      });
      const text = await response.body.text();
      return classifyAnswer(response.statusCode, response.headers, text, this.url);
    } catch (error) {
      if (signal.aborted) throw error;
      return { kind: 'retry', cause: this.explain(error), retryAfterMs: null };
    }
  }

  /** Why no answer came, in words that say where to look. */
  private explain(error: unknown): string {
    const host = new URL(this.options.target.origin).host;
    const ms = this.options.timeoutMs;
    if (error instanceof errors.ConnectTimeoutError) return `no connection to ${host} within ${ms} ms`;
    if (error instanceof errors.HeadersTimeoutError) return `no answer from ${host} within ${ms} ms`;
    if (error instanceof errors.BodyTimeoutError) return `the answer from ${host} stalled for ${ms} ms`;
    if (error instanceof errors.ResponseExceededMaxSizeError) return `${host} answered with more than ${MAX_ANSWER_BYTES} bytes: not the ingest API`;
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ECONNREFUSED') return `connection refused by ${host} (ECONNREFUSED)`;
    if (code === 'ENOTFOUND') return `cannot resolve ${new URL(this.options.target.origin).hostname} (ENOTFOUND)`;
    if (code === 'EAI_AGAIN') return `DNS did not answer for ${new URL(this.options.target.origin).hostname} (EAI_AGAIN)`;
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return `connection to ${host} closed mid-request (${message})`;
    // A Pi with no real-time clock starts in 1970: a certificate "not yet valid" fixes itself once NTP runs.
    return typeof code === 'string' ? `${host}: ${message} (${code})` : `${host}: ${message}`;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
