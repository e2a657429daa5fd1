/**
 * @module `POST /api/ingest/batch`: token first (401/429), then room (503), then the body read
 * with a ceiling (413), checked whole (400/403), published and acknowledged (200) or not in
 * time (503 with Retry-After). Nothing of a refused batch is published.
 */
import { Hono, type Context } from 'hono';
import { INGEST_MAX_BODY_BYTES, type IngestError } from '../../shared/contracts/ingest.ts';
import { createLogger, RateLimitedWarning } from '../../shared/log/index.ts';
import type { AckInbox } from './ack-inbox.ts';
import type { AuthGuard } from './auth-guard.ts';
import { parseBatch } from './batch.ts';
import { ingestClientAddress } from './client-address.ts';
import type { IngestConfig } from './config.ts';
import type { ConnectionState } from './connection-state.ts';
import { encodeBatch, IngestUnavailable, oversizedEnvelope, publishBatch } from './publish.ts';
import { bodyUnread, CLOSE_CONNECTION, readLimitedBody } from './read-body.ts';

const log = createLogger('cloud:ingest');

/** What a box waits before sending again when JetStream is away or this node is full. */
export const UNAVAILABLE_RETRY_S = 5;
export const BUSY_RETRY_S = 1;

export interface IngestApiDeps {
  /** Publishes each batch to JetStream and collects its acknowledgements. */
  inbox: AckInbox;
  guard: AuthGuard;
  connection: ConnectionState;
  /** The NATS server's max_payload: one message may not be larger. */
  maxPayload: () => number;
  config: Pick<IngestConfig, 'publish_timeout_ms' | 'max_concurrent_batches' | 'trust_proxy'>;
  /** Each stored batch: seconds from its request arriving to JetStream acknowledging its last envelope. */
  observeLatency?: (seconds: number) => void;
}

export interface IngestStats {
  batches: number;
  accepted: number;
  duplicate: number;
  refused: number;
  in_flight: number;
}

type Status = 400 | 401 | 403 | 413 | 429 | 503;

export function createIngestApi(deps: IngestApiDeps): { app: Hono; stats(): IngestStats } {
  const { inbox, guard, connection, maxPayload, config } = deps;
  const refused = new RateLimitedWarning(log, 'ingest refused a batch', { tallyField: 'statuses' });
  const unavailable = new RateLimitedWarning(log, 'ingest could not store a batch; the box was told to retry');
  const stats = { batches: 0, accepted: 0, duplicate: 0, refused: 0 };
  let inFlight = 0;

  /** An answer before the body ended closes the connection: nothing more of the body is read. */
  const answer = (c: Context, status: Status, body: IngestError, retryAfterS?: number) => {
    const headers: Record<string, string> = { ...(retryAfterS ? { 'Retry-After': String(retryAfterS) } : {}), ...(bodyUnread(c) ? CLOSE_CONNECTION : {}) };
    stats.refused++;
    return c.json(retryAfterS ? { ...body, retry_after_s: retryAfterS } : body, status, headers);
  };

  const app = new Hono();
  app.post('/batch', async (c) => {
    const arrived = performance.now();
    const remote = ingestClientAddress(c, config.trust_proxy);
    const auth = guard.check(remote, c.req.header('authorization'));
    if (!auth.ok) return auth.status === 429 ? answer(c, 429, { error: auth.error }, auth.retryAfterS) : answer(c, 401, { error: auth.error });
    const { track_id, client_id } = auth.claims;
    if (!connection.up) {
      unavailable.add({ remote, track_id, reason: 'NATS connection down' });
      return answer(c, 503, { error: 'the cloud cannot reach NATS right now: send the batch again later' }, UNAVAILABLE_RETRY_S);
    }
    if (inFlight >= config.max_concurrent_batches) {
      unavailable.add({ remote, track_id, reason: `${inFlight} batches in progress (ingest.max_concurrent_batches)` });
      return answer(c, 503, { error: `this ingest node is busy with ${inFlight} batches: send again shortly` }, BUSY_RETRY_S);
    }
    inFlight++;
    try {
      const read = await readLimitedBody(c, INGEST_MAX_BODY_BYTES);
      if (!read.ok && read.reason === 'aborted') return answer(c, 400, { error: 'the client closed the connection before the body was complete' });
      if (!read.ok) {
        refused.add({ remote, track_id, status: 413, error: 'body over the limit' }, '413');
        return answer(c, 413, { error: `the batch body is larger than ${INGEST_MAX_BODY_BYTES / 1024 / 1024} MiB (${INGEST_MAX_BODY_BYTES} bytes), the most one batch may be` });
      }
      const batch = parseBatch(read.body, { track_id, client_id });
      if (!batch.ok) {
        const { status, error, index } = batch.problem;
        refused.add({ remote, track_id, client_id, status, error }, String(status));
        return answer(c, status, { error, ...(index === undefined ? {} : { index }) });
      }
      const encoded = encodeBatch(batch.envelopes);
      const tooBig = oversizedEnvelope(encoded, maxPayload());
      if (tooBig) {
        refused.add({ remote, track_id, client_id, status: 413, error: tooBig }, '413');
        return answer(c, 413, { error: tooBig });
      }
      const response = await publishBatch(inbox, batch.envelopes, encoded, config.publish_timeout_ms);
      stats.batches++;
      stats.accepted += response.accepted;
      stats.duplicate += response.duplicate;
      deps.observeLatency?.((performance.now() - arrived) / 1000);
      return c.json(response, 200);
    } catch (error) {
      if (!(error instanceof IngestUnavailable)) throw error;
      unavailable.add({ remote, track_id, reason: error.message });
      return answer(c, 503, { error: `${error.message}: send the batch again later` }, UNAVAILABLE_RETRY_S);
    } finally {
      inFlight--;
    }
  });
  app.all('/batch', (c) => c.json({ error: `${c.req.method} is not allowed here: POST a batch` }, 405, { Allow: 'POST' }));

  return {
    app,
    stats: () => ({ ...stats, in_flight: inFlight }),
  };
}
