/** @module A loopback HTTP proxy between boxes and a cloud that records every answer the boxes got (status, when asked, when answered), so a suite can say exactly what the boxes saw while NATS was in trouble. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RecordedAnswer {
  path: string;
  /** The HTTP status, or 0 when the cloud could not be reached at all. */
  status: number;
  /** performance.now() when the request arrived and when its answer was sent. */
  askedAt: number;
  answeredAt: number;
  /** The cloud's `error` text when it refused, so a failing suite says why. */
  error?: string;
}

export interface IngestRecorder {
  url: string;
  readonly answers: readonly RecordedAnswer[];
  close(): Promise<void>;
}

/** Headers the answer carries back to the box: the ones its sync loop reads. */
const PASSED_BACK = ['content-type', 'retry-after', 'connection'];
const MAX_BODY = 2 * 1024 * 1024;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error(`request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function refusalText(body: Buffer): string {
  try {
    return String((JSON.parse(body.toString('utf8')) as { error?: unknown }).error ?? body.toString('utf8'));
  } catch {
    return body.toString('utf8').slice(0, 200);
  }
}

/** Forwards every request to `target` (a base URL) and records its answer. */
export async function startIngestRecorder(target: string): Promise<IngestRecorder> {
  const answers: RecordedAnswer[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const askedAt = performance.now();
    const path = req.url ?? '/';
    let status = 0;
    let error: string | undefined;
    try {
      const body = await bodyOf(req);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) if (req.headers[name]) headers[name] = String(req.headers[name]);
      const answer = await fetch(`${target}${path}`, { method: req.method, headers, ...(body.length ? { body: new Uint8Array(body) } : {}) });
      status = answer.status;
      const text = Buffer.from(await answer.arrayBuffer());
      if (status !== 200) error = refusalText(text);
      const back: Record<string, string> = {};
      for (const name of PASSED_BACK) if (answer.headers.get(name)) back[name] = answer.headers.get(name)!;
      res.writeHead(status, back).end(text);
    } catch (failure) {
      // The box sees a dropped connection, as it would with the cloud itself unreachable.
      error = (failure as Error).message;
      res.destroy(failure as Error);
    }
    answers.push({ path, status, askedAt, answeredAt: performance.now(), ...(error === undefined ? {} : { error }) });
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
